// kubectl-reader reads YAML the way kubectl (and Argo CD and Flux, which use the same Kubernetes
// libraries) read manifests, and prints what they get as JSON, one line per input file:
//
//   - the stream is split into documents as k8s.io/apimachinery/pkg/util/yaml's YAMLReader splits
//     it (a line that starts with "---"; anything but a comment after it is an error);
//   - each document becomes JSON as sigs.k8s.io/yaml turns it into JSON: go-yaml v2 (YAML 1.1:
//     merge keys, yes/on booleans, octal, timestamps), map keys made strings (ghodss/yaml, which
//     sigs.k8s.io/yaml is a fork of);
//   - empty documents (nothing, comments, null) are skipped, as kubectl's StreamVisitor skips them.
//
// With -yaml3 it reads each document with yaml.v3 instead (YAML 1.2, what kustomize's kyaml uses).
//
// Output, per file: {"docs":[...]} or {"error":"..."}. Build (GOPATH mode, Debian's packages):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o kubectl-reader .
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	ghodss "github.com/ghodss/yaml"
	yaml3 "gopkg.in/yaml.v3"
)

const separator = "---"

// splitDocuments is apimachinery's YAMLReader.Read, applied until the end of the stream.
func splitDocuments(data []byte) ([][]byte, error) {
	reader := bufio.NewReader(bytes.NewReader(data))
	var docs [][]byte
	var buffer bytes.Buffer
	for {
		line, err := reader.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, err
		}
		if bytes.Index(line, []byte(separator)) == 0 {
			trimmed := strings.TrimSpace(string(line[len(separator):]))
			if len(trimmed) > 0 && trimmed[0] != '#' {
				return nil, fmt.Errorf("invalid Yaml document separator: %s", trimmed)
			}
			if buffer.Len() != 0 {
				docs = append(docs, append([]byte(nil), buffer.Bytes()...))
				buffer.Reset()
			}
			if err == io.EOF {
				return docs, nil
			}
			continue
		}
		buffer.Write(line)
		if err == io.EOF {
			if buffer.Len() != 0 {
				docs = append(docs, append([]byte(nil), buffer.Bytes()...))
			}
			return docs, nil
		}
	}
}

func toJSONv3(doc []byte) ([]byte, error) {
	var v interface{}
	if err := yaml3.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func read(data []byte, useV3 bool) ([]json.RawMessage, error) {
	docs, err := splitDocuments(data)
	if err != nil {
		return nil, err
	}
	out := []json.RawMessage{}
	for _, doc := range docs {
		var js []byte
		if useV3 {
			js, err = toJSONv3(doc)
		} else {
			js, err = ghodss.YAMLToJSON(doc)
		}
		if err != nil {
			return nil, err
		}
		js = bytes.TrimSpace(js)
		if len(js) == 0 || bytes.Equal(js, []byte("null")) {
			continue
		}
		out = append(out, json.RawMessage(js))
	}
	return out, nil
}

func main() {
	useV3 := flag.Bool("yaml3", false, "read with yaml.v3 (YAML 1.2) instead of go-yaml v2")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, file := range flag.Args() {
		data, err := os.ReadFile(file)
		var result map[string]interface{}
		if err == nil {
			var docs []json.RawMessage
			docs, err = read(data, *useV3)
			if err == nil {
				result = map[string]interface{}{"docs": docs}
			}
		}
		if err != nil {
			result = map[string]interface{}{"error": err.Error()}
		}
		line, _ := json.Marshal(result)
		w.Write(line)
		w.WriteString("\n")
	}
}
