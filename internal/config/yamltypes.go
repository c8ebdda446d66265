package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// orderedMap is a key → name mapping that keeps the file's order, which is
// the order audiences and channels are shown in.
type orderedMap struct {
	Keys  []string
	Names map[string]string
	Lines map[string]int
}

func (m *orderedMap) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return typeErr("line %d: väntade en mappning nyckel: namn, t.ex. {medarbetare: Medarbetare}", n.Line)
	}
	m.Names, m.Lines = map[string]string{}, map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return typeErr("line %d: namnet på %q ska vara en text", v.Line, k.Value)
		}
		if _, dup := m.Names[k.Value]; dup {
			return typeErr("line %d: %q finns redan", k.Line, k.Value)
		}
		m.Keys = append(m.Keys, k.Value)
		m.Names[k.Value] = v.Value
		m.Lines[k.Value] = k.Line
	}
	return nil
}

// stringList accepts one string or a list of them (`calendar:` takes both).
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = []string{n.Value}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	return typeErr("line %d: väntade en sökväg eller en lista av sökvägar", n.Line)
}

// typeErr lets decoding go on past a bad value, so that all problems of a
// file are reported at once (any other error stops the decoder).
func typeErr(format string, args ...any) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf(format, args...)}}
}
