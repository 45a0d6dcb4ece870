package provider

import (
	"fmt"
	"maps"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// Values are built as Terraform values (tftypes) directly, from the rows
// of recording_schema.go: the framework's struct reflection costs about
// ten times as much CPU, and its own value types are converted two or
// three times over on the way to Terraform. A list's recordings skip
// values altogether: list_server.go writes them from the same fields.

// tfType is the Terraform type of a's values.
func (a recordingAttr) tfType() tftypes.Type {
	switch a.kind {
	case kindInt64:
		return tftypes.Number
	case kindBool:
		return tftypes.Bool
	case kindStringList:
		return tftypes.List{ElementType: tftypes.String}
	case kindTemporaryLinks:
		return recordingObjectType(temporaryLinkAttrs, inDetails)
	}
	return tftypes.String
}

// value is a's value for rec.
func (a recordingAttr) value(rec *webex.Recording) tftypes.Value {
	switch f := a.field(rec).(type) {
	case *string:
		return tfString(*f)
	case *int64:
		return tfInt64(f)
	case *bool:
		return tfBool(f)
	case *[]string:
		return tfStringList(*f)
	}
	return temporaryLinksValue(rec)
}

// recordingObjectType is the object type of the attributes of attrs shown
// in blocks.
func recordingObjectType(attrs []recordingAttr, blocks recordingBlocks) tftypes.Object {
	types := make(map[string]tftypes.Type, len(attrs))
	for _, a := range attrs {
		if a.in&blocks != 0 {
			types[a.name] = a.tfType()
		}
	}
	return tftypes.Object{AttributeTypes: types}
}

// temporaryLinksType is the object type of temporary_direct_download_links.
var temporaryLinksType = recordingObjectType(temporaryLinkAttrs, inDetails)

// setRecordingValues sets rec's values of the attributes of attrs shown in
// blocks.
func setRecordingValues(values map[string]tftypes.Value, attrs []recordingAttr, blocks recordingBlocks, rec *webex.Recording) {
	for _, a := range attrs {
		if a.in&blocks != 0 {
			values[a.name] = a.value(rec)
		}
	}
}

func temporaryLinksValue(rec *webex.Recording) tftypes.Value {
	if rec.TemporaryDirectDownloadLinks == nil {
		return tftypes.NewValue(temporaryLinksType, nil)
	}
	values := make(map[string]tftypes.Value, len(temporaryLinkAttrs))
	setRecordingValues(values, temporaryLinkAttrs, inDetails, rec)
	return tftypes.NewValue(temporaryLinksType, values)
}

// tfString is s, or null when Webex left it out.
func tfString(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s)
}

func tfInt64(n *int64) tftypes.Value {
	if n == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(*n))
}

func tfBool(b *bool) tftypes.Value {
	if b == nil {
		return tftypes.NewValue(tftypes.Bool, nil)
	}
	return tftypes.NewValue(tftypes.Bool, *b)
}

func tfStringList(values []string) tftypes.Value {
	listType := tftypes.List{ElementType: tftypes.String}
	if values == nil {
		return tftypes.NewValue(listType, nil)
	}
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(listType, elems)
}

// configObject is a block's configuration as its attributes' values.
func configObject(config tftypes.Value) (values map[string]tftypes.Value, diags diag.Diagnostics) {
	if err := config.As(&values); err != nil {
		diags.AddError("Unexpected configuration value",
			fmt.Sprintf("The configuration is not an object (%s). This is a bug in the provider; please report it.", err))
	}
	return values, diags
}

// blockValue is a block's value: its configuration, which holds the
// arguments as the user wrote them and null for every computed attribute,
// with the computed attributes that set adds. It is the value a read hands
// Terraform as state or as the ephemeral result. Terraform wants every
// configured value back unchanged, so an argument that is also computed
// (site_url) keeps what the configuration says.
func blockValue(config tftypes.Value, set func(values map[string]tftypes.Value)) (tftypes.Value, diag.Diagnostics) {
	configured, diags := configObject(config)
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	// As hands out the configuration's own map, which the framework still
	// uses after the read: never change it.
	values := maps.Clone(configured)
	set(values)
	for name, v := range configured {
		if !v.IsNull() {
			values[name] = v
		}
	}
	return tftypes.NewValue(config.Type(), values), diags
}

// readArguments reads a block's arguments from its configuration into
// options: null ones are left zero, and unknown ones too, named in unknown.
func readArguments[T any](config tftypes.Value, args []argument[T]) (options T, unknown []string, diags diag.Diagnostics) {
	values, diags := configObject(config)
	if diags.HasError() {
		return options, nil, diags
	}
	for _, a := range args {
		switch v := values[a.name]; {
		case !v.IsKnown():
			unknown = append(unknown, a.name)
		case v.IsNull():
		default:
			if err := a.set(&options, v); err != nil {
				diags.AddError("Unexpected configuration value",
					fmt.Sprintf("The argument %s does not fit its type (%s). This is a bug in the provider; please report it.", a.name, err))
			}
		}
	}
	return options, unknown, diags
}

// setArgument is the set of an argument whose Terraform value is a V.
func setArgument[T any, V string | bool | big.Float](set func(*T, V)) func(*T, tftypes.Value) error {
	return func(options *T, v tftypes.Value) error {
		var x V
		if err := v.As(&x); err != nil {
			return err
		}
		set(options, x)
		return nil
	}
}
