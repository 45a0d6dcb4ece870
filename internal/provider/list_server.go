package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// listServer is the provider's plugin protocol 6 server: the framework's,
// except that it answers the reads of webex_recordings itself, writing the
// value it builds straight to Terraform. The framework copies a read's
// whole value, converts it to its own types to look for semantic equality,
// compares it deeply and walks it again for null blocks: at 100,000
// recordings that was 95% of a read's CPU and most of its memory (see
// DESIGN.md). The schema, validation, configuration and every other call
// stay the framework's.
type listServer struct {
	tfprotov6.ProviderServer
	provider *WebexProvider
}

// NewProtocol6Server returns the factory of the provider's server, for
// main and the tests.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &WebexProvider{version: version}
		return listServer{ProviderServer: providerserver.NewProtocol6(p)(), provider: p}
	}
}

// recordingsType is webex_recordings' Terraform type.
var recordingsType = sync.OnceValue(func() tftypes.Object {
	var resp datasource.SchemaResponse
	NewRecordingsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	object, _ := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	return object
})

func (s listServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	data := s.provider.data.Load()
	if req.TypeName != "webex_recordings" || data == nil || req.Config == nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	resp := &tfprotov6.ReadDataSourceResponse{}
	config, err := req.Config.Unmarshal(recordingsType())
	var diags diag.Diagnostics
	if err != nil {
		diags.AddError("Unexpected configuration value",
			"The configuration of webex_recordings could not be read ("+err.Error()+"). This is a bug in the provider; please report it.")
	} else if state, stateDiags := readRecordingListState(ctx, data, config); !stateDiags.HasError() {
		resp.State, diags = &tfprotov6.DynamicValue{MsgPack: state}, stateDiags
	} else {
		diags = stateDiags
	}
	resp.Diagnostics = protocolDiagnostics(diags)
	return resp, nil
}

// readRecordingListState reads a webex_recordings block, its arguments
// and then the list, and returns its state as msgpack.
func readRecordingListState(ctx context.Context, data *providerData, config tftypes.Value) ([]byte, diag.Diagnostics) {
	opts, recs, diags := listRecordings(ctx, data, config)
	if diags.HasError() {
		return nil, diags
	}
	state, err := recordingsState(config, recs, opts.Admin)
	if err != nil {
		diags.AddError("Unexpected state value", "The list could not be encoded ("+err.Error()+"). This is a bug in the provider; please report it.")
	}
	return state, diags
}

// recordingsState is webex_recordings' state as msgpack: the arguments
// as configured, then each recording written straight from its fields
// (no Terraform value, whose allocations were 90% of a list read's).
func recordingsState(config tftypes.Value, recs []webex.Recording, admin bool) ([]byte, error) {
	var configured map[string]tftypes.Value
	if err := config.As(&configured); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	names := slices.Sorted(maps.Keys(recordingsType().AttributeTypes))
	err := enc.EncodeMapLen(len(names))
	for _, name := range names {
		err = errors.Join(err, enc.EncodeString(name))
		switch name {
		case "recordings":
			err = errors.Join(err, enc.EncodeArrayLen(len(recs)))
			for i := range recs {
				start := buf.Len()
				err = errors.Join(err, enc.EncodeMapLen(len(listItemAttrs)))
				for _, a := range listItemAttrs {
					err = errors.Join(err, enc.EncodeString(a.name), writeField(enc, a.field(&recs[i])))
				}
				if i == 0 {
					buf.Grow(min((buf.Len()-start)*len(recs)*11/10, webex.MaxListBytes)) // one allocation, capped: a server sizes the first
				}
			}
		case "passwords":
			err = errors.Join(err, writePasswords(enc, recs, admin))
		default:
			err = errors.Join(err, writeArgument(enc, configured[name]))
		}
	}
	return buf.Bytes(), err
}

// listItemAttrs are the attributes of webex_recordings' recordings, in
// the order Terraform reads an object's attributes: sorted by name.
var listItemAttrs = func() []recordingAttr {
	attrs := slices.DeleteFunc(slices.Clone(recordingAttrs), func(a recordingAttr) bool { return a.in&inList == 0 })
	slices.SortFunc(attrs, func(a, b recordingAttr) int { return strings.Compare(a.name, b.name) })
	return attrs
}()

// writeField writes a recording's field (recordingAttr.field) as
// Terraform reads its value.
func writeField(enc *msgpack.Encoder, field any) error {
	switch f := field.(type) {
	case *string:
		if *f != "" {
			return enc.EncodeString(*f)
		}
	case *int64:
		if f != nil {
			return enc.EncodeInt(*f)
		}
	case *bool:
		if f != nil {
			return enc.EncodeBool(*f)
		}
	case *[]string:
		if *f != nil {
			err := enc.EncodeArrayLen(len(*f))
			for _, s := range *f {
				err = errors.Join(err, enc.EncodeString(s))
			}
			return err
		}
	default:
		return fmt.Errorf("a field of type %T", field)
	}
	return enc.EncodeNil()
}

// writePasswords writes the passwords map, keys sorted as Terraform reads
// them: null for the admin list, which never returns passwords.
func writePasswords(enc *msgpack.Encoder, recs []webex.Recording, admin bool) error {
	if admin {
		return enc.EncodeNil()
	}
	var with []*webex.Recording
	for i := range recs {
		if recs[i].Password != "" {
			with = append(with, &recs[i])
		}
	}
	slices.SortFunc(with, func(a, b *webex.Recording) int { return strings.Compare(a.ID, b.ID) })
	err := enc.EncodeMapLen(len(with))
	for _, r := range with {
		err = errors.Join(err, enc.EncodeString(r.ID), enc.EncodeString(r.Password))
	}
	return err
}

// writeArgument writes an argument as configured (a string, number or
// bool) as Terraform reads it: null as nil, whole numbers as integers.
func writeArgument(enc *msgpack.Encoder, v tftypes.Value) error {
	var s string
	var n big.Float
	var b bool
	switch typ := v.Type(); {
	case v.IsNull():
		return enc.EncodeNil()
	case typ.Is(tftypes.String) && v.As(&s) == nil:
		return enc.EncodeString(s)
	case typ.Is(tftypes.Number) && v.As(&n) == nil:
		if i, accuracy := n.Int64(); accuracy == big.Exact {
			return enc.EncodeInt(i)
		}
		f, _ := n.Float64()
		return enc.EncodeFloat64(f)
	case typ.Is(tftypes.Bool) && v.As(&b) == nil:
		return enc.EncodeBool(b)
	}
	return fmt.Errorf("a value of type %s", v.Type())
}

// protocolDiagnostics are diags as Terraform receives them.
func protocolDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, len(diags))
	for i, d := range diags {
		severity := tfprotov6.DiagnosticSeverityError
		if d.Severity() == diag.SeverityWarning {
			severity = tfprotov6.DiagnosticSeverityWarning
		}
		out[i] = &tfprotov6.Diagnostic{Severity: severity, Summary: d.Summary(), Detail: d.Detail()}
	}
	return out
}
