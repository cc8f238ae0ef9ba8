package main

import (
	"embed"
	"io/fs"
)

// exampleFiles is the repository's own example handbook, the starting point of
// `rolebook new site`. The all: prefix keeps content/'s _index.md files, which embed
// would otherwise leave out.
//
//go:embed config.toml all:content all:templates
var exampleFiles embed.FS

// example returns the example handbook with config.toml, content/ and templates/ at
// its root.
func example() fs.FS { return exampleFiles }
