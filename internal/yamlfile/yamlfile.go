// Package yamlfile decodes administrators' YAML strictly and with places:
// every unknown key is reported with the keys that would be valid, every
// type error with its line, and each decoded struct learns the lines of its
// own keys (fields `Line int` and `Lines map[string]int`, both `yaml:"-"`),
// so that later checks can say FILE:LINE too.
package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/avesta-kommun/arshjul/internal/diag"
)

// Decode parses data (named file in messages) into target, a pointer to a
// struct, recording every problem in probs. It returns false when the file
// could not be read as YAML at all.
func Decode(file string, data []byte, target any, probs *diag.List) bool {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			probs.Add(file, 0, "filen är tom")
			return false
		}
		line, msg := splitLine(err.Error())
		line, msg = syntaxError(data, line, msg)
		probs.Add(file, line, "ogiltig YAML: %s", msg)
		return false
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if err := doc.Decode(target); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				line, msg := splitLine(e)
				probs.Add(file, line, "%s", translate(msg))
			}
		} else {
			line, msg := splitLine(err.Error())
			probs.Add(file, line, "%s", msg)
		}
	}
	walk(file, doc, reflect.ValueOf(target), probs)
	return true
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// walk checks node's keys against v's type and records lines into v.
func walk(file string, node *yaml.Node, v reflect.Value, probs *diag.List) {
	for node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if node.Kind != yaml.MappingNode {
			return // the decoder already said what it expected
		}
		fields := fieldsOf(v.Type())
		if f, ok := v.Type().FieldByName("Line"); ok && f.Tag.Get("yaml") == "-" {
			v.FieldByIndex(f.Index).SetInt(int64(node.Line))
		}
		var lines reflect.Value
		if f, ok := v.Type().FieldByName("Lines"); ok && f.Tag.Get("yaml") == "-" {
			lines = v.FieldByIndex(f.Index)
			lines.Set(reflect.MakeMap(f.Type))
		}
		for i := 0; i+1 < len(node.Content); i += 2 {
			key, val := node.Content[i], node.Content[i+1]
			idx, ok := fields[key.Value]
			if !ok {
				probs.Add(file, key.Line, "okänd nyckel %q; giltiga nycklar här är: %s", key.Value, diag.OneOf(sortedKeys(fields)))
				continue
			}
			if lines.IsValid() {
				lines.SetMapIndex(reflect.ValueOf(key.Value), reflect.ValueOf(val.Line))
			}
			walk(file, val, v.FieldByIndex(idx), probs)
		}
	case reflect.Slice:
		if node.Kind != yaml.SequenceNode {
			return
		}
		for i, item := range node.Content {
			if i < v.Len() {
				walk(file, item, v.Index(i), probs)
			}
		}
	}
}

func fieldsOf(t reflect.Type) map[string][]int {
	out := make(map[string][]int)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			for k, idx := range fieldsOf(f.Type) {
				out[k] = append([]int{i}, idx...)
			}
			continue
		}
		if tag == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Index
	}
	return out
}

func sortedKeys(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var lineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// splitLine takes "yaml: line 12: message" apart.
func splitLine(s string) (int, string) {
	s = strings.TrimPrefix(s, "yaml: ")
	if m := lineRe.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, s
}

var typeRe = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (.*)$")

var kinds = map[string]string{"seq": "en lista", "map": "en mappning", "str": "en text", "int": "ett tal", "bool": "ett sanningsvärde", "null": "ett tomt värde"}

// translate words the decoder's type errors for an administrator.
func translate(msg string) string {
	m := typeRe.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want := m[3]
	switch {
	case strings.HasPrefix(want, "[]"):
		want = "en lista, t.ex. [a, b]"
	case want == "int":
		want = "ett heltal"
	case want == "bool":
		want = "true eller false"
	case want == "string":
		want = "en text"
	case strings.HasPrefix(want, "map"), strings.Contains(want, "."):
		want = "en mappning med nycklar"
	}
	if m[2] == "" { // a list or mapping where a single value belongs, or the reverse
		return kinds[m[1]] + " passar inte här; väntade " + want
	}
	return "värdet " + strconv.Quote(m[2]) + " passar inte här; väntade " + want
}
