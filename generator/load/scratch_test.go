package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestScratch(t *testing.T) {
	for _, s := range []string{"title: a\narea: [shop\nweight: 1\n", "a: 1\nb: 2\nc 2\nd: 3\n", "a:\n- b: *,", "a: b: c\n", "a: 'x\n", "x:\n  - a\n b: 1\n"} {
		var n yaml.Node
		fmt.Printf("%q: %v\n", s, yaml.Unmarshal([]byte(s), &n))
	}
	for _, s := range []string{`{"a" "b"}`, `{"a":1,}`, `{"a":x}`, `{"a":1 "b"}`} {
		d := json.NewDecoder(bytes.NewReader([]byte(s)))
		var err error
		for err == nil {
			_, err = d.Token()
		}
		se, _ := err.(*json.SyntaxError)
		fmt.Printf("%s: %v %+v\n", s, err, se)
	}
}
