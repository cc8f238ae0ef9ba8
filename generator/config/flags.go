package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/pflag"
)

// AddFlags defines on fs the flags of the settings that the command named cmd takes
// ("build", "check"...; "" for the flags of every command), from the key table: each
// flag has the key's type, default and meaning. Load reads them back from the same
// FlagSet.
func AddFlags(fs *pflag.FlagSet, cmd string) {
	for i := range siteKeys {
		k := &siteKeys[i]
		if !k.onCommand(cmd) {
			continue
		}
		defineFlag(fs, k.Flag, k.Short, k.defaultValue(), flagUsage(k))
	}
}

// defineFlag defines a flag of the type of def.
func defineFlag(fs *pflag.FlagSet, name, short string, def any, usage string) {
	switch def := def.(type) {
	case string:
		fs.StringP(name, short, def, usage)
	case bool:
		fs.BoolP(name, short, def, usage)
	case int:
		fs.IntP(name, short, def, usage)
	case int64:
		fs.Int64P(name, short, def, usage)
	case float64:
		fs.Float64P(name, short, def, usage)
	case []string:
		fs.StringSliceP(name, short, def, usage)
	}
}

// NormalizeFlag is a pflag normalization function (FlagSet.SetNormalizeFunc): the
// flags of settings accept their key's aliases (Hugo's --buildDrafts for --drafts)
// and any letter case (--baseurl), as config.toml does. Other names are unchanged.
func NormalizeFlag(_ *pflag.FlagSet, name string) pflag.NormalizedName {
	for i := range siteKeys {
		k := &siteKeys[i]
		if k.Flag == "" {
			continue
		}
		if strings.EqualFold(name, k.Flag) {
			return pflag.NormalizedName(k.Flag)
		}
		for _, a := range k.Aliases {
			if !strings.Contains(a, ".") && strings.EqualFold(name, a) {
				return pflag.NormalizedName(k.Flag)
			}
		}
	}
	return pflag.NormalizedName(name)
}

var markdownCode = regexp.MustCompile("`([^`]*)`")

// flagUsage is the help of k's flag: its meaning without Markdown, and the key it
// sets.
func flagUsage(k *key[Config]) string {
	usage := markdownCode.ReplaceAllString(k.Doc, "$1")
	var also []string
	for _, a := range k.Aliases {
		if !strings.Contains(a, ".") {
			also = append(also, "--"+a)
		}
	}
	if len(also) > 0 {
		usage += fmt.Sprintf(" (also %s)", strings.Join(also, ", "))
	}
	if k.from()&fromFile != 0 {
		usage += fmt.Sprintf("; overrides %s in config.toml and %s", displayName(k.Name), k.envName())
	} else if name := k.envName(); name != "" {
		usage += "; overrides " + name
	}
	return usage
}

// displayName shows a key as config.toml writes it: "title", "[rules] strict".
func displayName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return "[" + name[:i] + "] " + name[i+1:]
	}
	return name
}
