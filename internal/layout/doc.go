// Package layout holds the repository to the shape issue #19 set for it;
// it has no code, only a test (layout_test.go) that walks the module with
// go/parser and fails, naming the offender and the way out, when:
//
//   - the top level holds anything but cmd, bot, index, corpus, docs,
//     scripts, internal and the module's own files (README.md, go.mod,
//     go.sum, .ci, .env.example, .gitignore, .gitattributes); what
//     .gitignore lists (the storybot binary, .env…) does not count;
//   - package bot itself holds more than 30 non-test .go files or more
//     than 50 package-level exported names (methods not counted);
//   - a hand-written .go file (one without a "// Code generated … DO NOT
//     EDIT." line) is over 500 lines, or a function or function literal
//     in one is over 80 lines, tests included;
//   - a package has no doc.go, its doc.go has no package comment, another
//     of its files has one too, or its doc.go does not name one of its
//     hand-written non-test .go files (generated ones may go unnamed);
//   - README.md is over 250 lines;
//   - Slack's request signature (an HMAC over "v0:…") is computed in more
//     than one non-test file: internal/slacksig is its one place.
//
// Directories the go command skips (testdata, and names that begin with
// "." or "_") are skipped here too.
package layout
