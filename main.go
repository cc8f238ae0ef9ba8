// Command rolebook builds staff handbooks: role definitions, accountability matrices in
// which every duty has exactly one owner, and skill-based assignment guides.
package main

import (
	"os"

	"github.com/rolebook/rolebook/generator/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Options{Example: example()}))
}
