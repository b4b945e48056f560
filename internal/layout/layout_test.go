package layout

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The limits of issue #19.
const (
	maxBotFiles     = 30  // non-test .go files in package bot itself
	maxBotExported  = 50  // package-level exported names of package bot
	maxFileLines    = 500 // lines of a hand-written .go file
	maxFuncLines    = 80  // lines of a function, from func to its closing brace
	maxReadmeLines  = 250 // lines of README.md
	maxSignatureSum = 1   // non-test files computing Slack's request signature
)

// topLevel is what the repository's top level may hold, beside what
// .gitignore lists.
var topLevel = []string{
	// The design's rooms.
	"cmd", "bot", "index", "corpus", "docs", "scripts", "internal",
	// The module's own files.
	".ci", ".env.example", ".gitignore", ".gitattributes", "README.md", "go.mod", "go.sum",
}

// goFile is one .go file of the module.
type goFile struct {
	rel       string // slash-separated path from the module's root
	dir       string // rel's directory
	name      string // base name
	test      bool   // a _test.go file
	generated bool   // has a "// Code generated … DO NOT EDIT." line
	pkg       string // package name
	src       []byte
	fset      *token.FileSet
	file      *ast.File // nil for generated files (only their package clause is read)
}

// generatedRE is the line that marks a generated file (go.dev/s/generatedcode).
var generatedRE = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

var (
	rootOnce  sync.Once
	rootDir   string
	ignored   []string // .gitignore's patterns
	files     []goFile
	rootError error
)

// module finds the module's root, reads its .gitignore and parses every
// .go file the go command would see, once for all tests.
func module(t *testing.T) (string, []goFile) {
	t.Helper()
	rootOnce.Do(func() { rootError = load() })
	if rootError != nil {
		t.Fatal(rootError)
	}
	return rootDir, files
}

func load() error {
	dir, err := filepath.Abs(".")
	if err != nil {
		return err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fmt.Errorf("no go.mod above the test's directory")
		}
		dir = parent
	}
	rootDir = dir
	if ignored, err = readGitignore(filepath.Join(dir, ".gitignore")); err != nil {
		return err
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && skipDir(p, rel, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || isIgnored(rel, false) {
			return nil
		}
		f, err := parseFile(p, rel)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
}

// skipDir reports whether the walk skips a directory: one the go command
// skips, an ignored one, or another module.
func skipDir(p, rel, name string) bool {
	if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	if isIgnored(rel, true) {
		return true
	}
	_, err := os.Stat(filepath.Join(p, "go.mod"))
	return err == nil
}

func parseFile(p, rel string) (goFile, error) {
	src, err := os.ReadFile(p)
	if err != nil {
		return goFile{}, err
	}
	f := goFile{
		rel:       rel,
		dir:       path.Dir(rel),
		name:      path.Base(rel),
		test:      strings.HasSuffix(rel, "_test.go"),
		generated: generatedRE.Match(src),
		src:       src,
		fset:      token.NewFileSet(),
	}
	mode := parser.ParseComments | parser.SkipObjectResolution
	if f.generated {
		mode = parser.PackageClauseOnly
	}
	af, err := parser.ParseFile(f.fset, p, src, mode)
	if err != nil {
		return goFile{}, err
	}
	f.pkg = af.Name.Name
	if !f.generated {
		f.file = af
	}
	return f, nil
}

// readGitignore reads the patterns of a .gitignore; negations and
// character classes are not used by storybot's and are not handled.
func readGitignore(name string) ([]string, error) {
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var patterns []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	return patterns, sc.Err()
}

// isIgnored reports whether .gitignore lists the slash-separated path rel
// (from the module's root): a pattern with a slash other than a trailing
// one matches from the root, any other matches a name at any depth.
func isIgnored(rel string, isDir bool) bool {
	for _, p := range ignored {
		dirOnly := strings.HasSuffix(p, "/")
		p = strings.TrimSuffix(p, "/")
		if dirOnly && !isDir {
			continue
		}
		if strings.Contains(p, "/") {
			if ok, _ := path.Match(strings.TrimPrefix(p, "/"), rel); ok {
				return true
			}
			continue
		}
		if ok, _ := path.Match(p, path.Base(rel)); ok {
			return true
		}
	}
	return false
}

// packages groups the files by directory.
func packages(files []goFile) map[string][]goFile {
	byDir := map[string][]goFile{}
	for _, f := range files {
		byDir[f.dir] = append(byDir[f.dir], f)
	}
	return byDir
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestTopLevel(t *testing.T) {
	t.Parallel()
	root, _ := module(t)
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == ".git" || slices.Contains(topLevel, name) || isIgnored(name, e.IsDir()) {
			continue
		}
		t.Errorf("top level: %s is not one of the design's rooms (%s); "+
			"move it into one of them (tools into cmd/ or scripts/, packages into internal/ or beside their users), "+
			"or list it in .gitignore if it is not to be committed",
			name, strings.Join(topLevel, ", "))
	}
}

func TestBotSize(t *testing.T) {
	t.Parallel()
	_, files := module(t)
	var names []string
	var exported []string
	for _, f := range files {
		if f.dir != "bot" || f.test || f.pkg != "bot" {
			continue
		}
		names = append(names, f.name)
		if f.file != nil {
			exported = append(exported, exportedNames(f.file)...)
		}
	}
	if len(names) > maxBotFiles {
		t.Errorf("package bot holds %d non-test .go files, more than %d: "+
			"move a concern into a package of its own under bot/ (as bot/render, bot/socket…), "+
			"or merge files that belong together\nfiles: %s",
			len(names), maxBotFiles, strings.Join(names, " "))
	}
	if len(exported) > maxBotExported {
		sort.Strings(exported)
		t.Errorf("package bot has %d package-level exported names, more than %d: "+
			"unexport those no other package uses, or move them to the package that uses them\nnames: %s",
			len(exported), maxBotExported, strings.Join(exported, " "))
	}
}

// exportedNames lists a file's package-level exported types, functions,
// variables and constants (not methods).
func exportedNames(f *ast.File) []string {
	var names []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.IsExported() {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						names = append(names, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	return names
}

func TestFileAndFuncLength(t *testing.T) {
	t.Parallel()
	_, files := module(t)
	for _, f := range files {
		if f.generated {
			continue
		}
		if n := f.fset.File(f.file.Pos()).LineCount(); n > maxFileLines {
			t.Errorf("%s: %d lines, more than %d for a hand-written file: "+
				"split it along its concerns (and name the new files in the package's doc.go)",
				f.rel, n, maxFileLines)
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			var name string
			switch fn := n.(type) {
			case *ast.FuncDecl:
				if fn.Body == nil {
					return true
				}
				name = fn.Name.Name
			case *ast.FuncLit:
				name = "function literal"
			default:
				return true
			}
			start, end := f.fset.Position(n.Pos()), f.fset.Position(n.End())
			if lines := end.Line - start.Line + 1; lines > maxFuncLines {
				t.Errorf("%s:%d: %s is %d lines, more than %d: "+
					"split it into helpers (for a test, table-driven cases or subtests with helpers)",
					f.rel, start.Line, name, lines, maxFuncLines)
			}
			return true
		})
	}
}

func TestDocMaps(t *testing.T) {
	t.Parallel()
	_, files := module(t)
	byDir := packages(files)
	for _, dir := range sortedKeys(byDir) {
		pkgFiles := byDir[dir]
		i := slices.IndexFunc(pkgFiles, func(f goFile) bool { return f.name == "doc.go" })
		if i < 0 {
			if slices.ContainsFunc(pkgFiles, func(f goFile) bool { return !f.test }) {
				t.Errorf("%s: no doc.go: write one whose package comment says what the package is for "+
					"and maps its files (see bot/doc.go, index/doc.go)", dir)
			}
			continue
		}
		checkDoc(t, dir, pkgFiles[i], pkgFiles)
	}
}

// checkDoc checks one package's doc.go: it holds the package comment, the
// only one, and names each hand-written non-test file of its directory.
func checkDoc(t *testing.T, dir string, doc goFile, pkgFiles []goFile) {
	t.Helper()
	if doc.file == nil || doc.file.Doc == nil {
		t.Errorf("%s/doc.go: no package comment: put it right above the package clause", dir)
	}
	for _, f := range pkgFiles {
		if f.test || f.generated || f.name == "doc.go" {
			continue
		}
		if f.pkg == doc.pkg && f.file.Doc != nil {
			t.Errorf("%s: a package comment outside doc.go: move it into %s/doc.go", f.rel, dir)
		}
		if !mentions(doc.src, f.name) {
			t.Errorf("%s/doc.go does not name %s: say in its package comment what the file holds", dir, f.name)
		}
	}
}

// mentions reports whether src names the file name, not as part of a
// longer name.
func mentions(src []byte, name string) bool {
	re := regexp.MustCompile(`(^|[^\w.-])` + regexp.QuoteMeta(name) + `($|[^\w])`)
	return re.Match(src)
}

func TestREADME(t *testing.T) {
	t.Parallel()
	root, _ := module(t)
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte("\n")); n > maxReadmeLines {
		t.Errorf("README.md: %d lines, more than %d: move the detail into docs/ and link to it", n, maxReadmeLines)
	}
}

func TestSlackSignatureOnce(t *testing.T) {
	t.Parallel()
	_, files := module(t)
	var signers []string
	for _, f := range files {
		if !f.test && bytes.Contains(f.src, []byte("hmac")) && bytes.Contains(f.src, []byte(`"v0:`)) {
			signers = append(signers, f.rel)
		}
	}
	if len(signers) > maxSignatureSum {
		t.Errorf("Slack's request signature (an HMAC over \"v0:…\") is computed in %d non-test files: %s; "+
			"compute it in internal/slacksig only (slacksig.Verify to check one, a slacksig.Signer to sign one)",
			len(signers), strings.Join(signers, ", "))
	}
}
