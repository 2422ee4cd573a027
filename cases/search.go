package cases

import (
	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/workflows"
)

// temporalAttributes are a new case's search attributes: no personal data.
func temporalAttributes(region string) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(
		workflows.SearchStatus.ValueSet(string(ltc.StatusSubmitted)),
		workflows.SearchRegion.ValueSet(region),
	)
}
