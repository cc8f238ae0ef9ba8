package handbook

import (
	"embed"
	"strings"
)

//go:embed schema/*.json
var schemaFiles embed.FS

// Schemas returns the JSON Schemas (draft 2020-12) of the data files, by name: "skills"
// (content/skills.toml), "stages" (content/stages.toml), "areas" (content/areas.toml), "duties"
// (content/duties/<area>.toml), "role" and "person" (front matter of roles/<id>.md and
// people/<id>.md). The map is new on each call.
func Schemas() map[string][]byte {
	entries, err := schemaFiles.ReadDir("schema")
	if err != nil {
		panic(err) // the files are embedded at build time
	}
	out := make(map[string][]byte, len(entries))
	for _, e := range entries {
		b, err := schemaFiles.ReadFile("schema/" + e.Name())
		if err != nil {
			panic(err)
		}
		out[strings.TrimSuffix(e.Name(), ".json")] = b
	}
	return out
}
