// Package filetree describes a tree of files byte for byte, for tests that
// show that nothing under a folder was touched (filetree.go: Describe). It
// imports testing, as net/http/httptest does: only tests use it.
package filetree
