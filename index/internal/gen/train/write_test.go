package main

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"os"
	"testing"

	"storybot/index"
)

// TestModelSource: the models read back from model_params.go are written
// as the very same file.
func TestModelSource(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("../../../model_params.go")
	if err != nil {
		t.Fatal(err)
	}
	models := readModels(t, want)
	got, err := modelSource(models["trained"], models["trainedLexical"])
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("model_params.go written again differs:\n%s", got)
	}
}

// readModels reads the models of a model_params.go, by variable.
func readModels(t *testing.T, src []byte) map[string]*index.Model {
	f, err := parser.ParseFile(token.NewFileSet(), "model_params.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*index.Model{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			m := &index.Model{}
			for _, el := range v.Values[0].(*ast.CompositeLit).Elts {
				kv := el.(*ast.KeyValueExpr)
				switch kv.Key.(*ast.Ident).Name {
				case "Rank":
					readFloats(t, kv.Value, m.Rank[:])
				case "Judge":
					readFloats(t, kv.Value, m.Judge[:])
				case "Threshold":
					m.Threshold = readFloat(t, kv.Value)
				}
			}
			out[v.Names[0].Name] = m
		}
	}
	return out
}

func readFloats(t *testing.T, e ast.Expr, into []float64) {
	elts := e.(*ast.CompositeLit).Elts
	if len(elts) != len(into) {
		t.Fatalf("%d weights, want %d", len(elts), len(into))
	}
	for i, el := range elts {
		into[i] = readFloat(t, el)
	}
}

// readFloat reads a number, negative or not, as the compiler would.
func readFloat(t *testing.T, e ast.Expr) float64 {
	sign := 1.0
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		sign, e = -1, u.X
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok {
		t.Fatalf("not a number: %T", e)
	}
	f, _ := constant.Float64Val(constant.MakeFromLiteral(lit.Value, lit.Kind, 0))
	return sign * f
}
