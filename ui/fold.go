package ui

import "github.com/psnclient/psn-client/textfold"

// folder turns text into its search key under the one matching rule of every filter, in the
// browser, on the command line and in the store's trophy index (package textfold: case, accents,
// ’ vs ', ™ ® and punctuation ignored). Keys are compared by substring. Not safe for concurrent
// use: make one per goroutine (or use Fold).
type folder struct{ f *textfold.Folder }

func newFolder() *folder { return &folder{f: textfold.New()} }

// fold returns the search key of s.
func (f *folder) fold(s string) string { return f.f.Fold(s) }

// Fold is the search key of s under the browser's matching rule (textfold.Fold), for the command
// line: a query matches a text when Fold(text) contains Fold(query). Safe for concurrent use.
func Fold(s string) string { return textfold.Fold(s) }
