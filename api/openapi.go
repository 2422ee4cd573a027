package api

import _ "embed"

// openAPI is the API's OpenAPI 3 document, served at /openapi.yaml; a test
// checks it against the router so that the two never drift.
//
//go:embed openapi.yaml
var openAPI []byte
