package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// attrInfo is what must agree between schemas that show the same attribute.
type attrInfo struct {
	typ                 string
	sensitive, computed bool
	required, optional  bool
	description         string
}

func flattenDataSource(prefix string, attrs map[string]dsschema.Attribute, out map[string]attrInfo) {
	for name, a := range attrs {
		out[prefix+name] = attrInfo{a.GetType().String(), a.IsSensitive(), a.IsComputed(), a.IsRequired(), a.IsOptional(), a.GetMarkdownDescription()}
		switch n := a.(type) {
		case dsschema.SingleNestedAttribute:
			flattenDataSource(prefix+name+".", n.Attributes, out)
		case dsschema.ListNestedAttribute:
			flattenDataSource(prefix+name+"[].", n.NestedObject.Attributes, out)
		}
	}
}

func flattenEphemeral(prefix string, attrs map[string]ephschema.Attribute, out map[string]attrInfo) {
	for name, a := range attrs {
		out[prefix+name] = attrInfo{a.GetType().String(), a.IsSensitive(), a.IsComputed(), a.IsRequired(), a.IsOptional(), a.GetMarkdownDescription()}
		if n, ok := a.(ephschema.SingleNestedAttribute); ok {
			flattenEphemeral(prefix+name+".", n.Attributes, out)
		}
	}
}

func dataSourceSchema(t testing.TB, ds datasource.DataSource) dsschema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatal(diags)
	}
	return resp.Schema
}

func ephemeralSchema(t *testing.T, r ephemeral.EphemeralResource) ephschema.Schema {
	t.Helper()
	var resp ephemeral.SchemaResponse
	r.Schema(context.Background(), ephemeral.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatal(diags)
	}
	return resp.Schema
}

// TestSchemas_agree checks that the webex_recording data source and
// ephemeral resource show the same attributes, that the objects of
// webex_recordings have the same attributes minus the temporary links and
// the password plus the host, that passwords are one sensitive map, and
// that every attribute is described.
func TestSchemas_agree(t *testing.T) {
	recording := map[string]attrInfo{}
	flattenDataSource("", dataSourceSchema(t, NewRecordingDataSource()).Attributes, recording)
	eph := map[string]attrInfo{}
	flattenEphemeral("", ephemeralSchema(t, NewRecordingEphemeralResource()).Attributes, eph)
	if !maps.Equal(recording, eph) {
		t.Errorf("webex_recording data source and ephemeral resource differ:\n data source %v\n ephemeral   %v", recording, eph)
	}

	list := map[string]attrInfo{}
	flattenDataSource("", dataSourceSchema(t, NewRecordingsDataSource()).Attributes, list)
	items := map[string]attrInfo{}
	for name, info := range list {
		if rest, ok := strings.CutPrefix(name, "recordings[]."); ok {
			items[rest] = info
		}
	}
	for name, info := range recording {
		switch {
		case strings.HasPrefix(name, "temporary_direct_download_links"), name == "password":
			if _, ok := items[name]; ok {
				t.Errorf("list objects have %s; lists carry no temporary links, and passwords are in one map", name)
			}
		case slices.ContainsFunc(recordingArguments, func(in argument[recordingLookup]) bool { return in.name == name }):
			// Arguments of webex_recording; id, host_email and site_url are
			// computed in list objects.
		default:
			if items[name] != info {
				t.Errorf("list object attribute %s = %+v, want %+v as in webex_recording", name, items[name], info)
			}
		}
	}
	for _, name := range []string{"id", "host_email", "host_display_name", "site_url"} {
		if info, ok := items[name]; !ok || !info.computed {
			t.Errorf("list objects lack a computed %s", name)
		}
	}
	for name, info := range items {
		if info.sensitive {
			// One mark per list element costs Terraform N squared.
			t.Errorf("list object attribute %s is sensitive; a large list would make plans crawl", name)
		}
	}
	if p := list["passwords"]; !p.sensitive || !p.computed || p.typ != "types.MapType[basetypes.StringType]" {
		t.Errorf("passwords = %+v, want a computed, sensitive map of strings", p)
	}
	if !recording["password"].sensitive || !recording["temporary_direct_download_links.recording_download_link"].sensitive {
		t.Error("password and the download links must be sensitive")
	}

	for label, attrs := range map[string]map[string]attrInfo{"webex_recording": recording, "ephemeral webex_recording": eph, "webex_recordings": list} {
		for _, name := range slices.Sorted(maps.Keys(attrs)) {
			if attrs[name].description == "" {
				t.Errorf("%s: attribute %s has no MarkdownDescription", label, name)
			}
		}
	}
}

// TestRecordingInputs_computedReplaceARow checks that an argument of
// webex_recording that is also computed takes the place of a row of the
// attribute table, optional and computed, and that no other argument
// shares a name with a row shown there.
func TestRecordingInputs_computedReplaceARow(t *testing.T) {
	attrs := dataSourceSchema(t, NewRecordingDataSource()).Attributes
	for _, in := range recordingArguments {
		hasRow := slices.ContainsFunc(recordingAttrs, func(a recordingAttr) bool { return a.name == in.name && a.in&inDetails != 0 })
		a := attrs[in.name]
		switch {
		case in.computed && (!hasRow || !a.IsOptional() || !a.IsComputed()):
			t.Errorf("%s is a computed argument: it needs a row shown in webex_recording, and must be optional and computed (row %v, %+v)", in.name, hasRow, a)
		case !in.computed && hasRow:
			t.Errorf("argument %s has the name of a row shown in webex_recording; mark it computed or rename it", in.name)
		case in.set == nil:
			t.Errorf("argument %s does not say where its value goes (set)", in.name)
		}
	}
}

// TestRecordingValues_fitTheirSchemas writes values built from the
// attribute table into each schema, as Read and Open do, for a recording
// with every field and one with every optional field absent, so a row
// whose value does not fit its type fails here, without Terraform.
func TestRecordingValues_fitTheirSchemas(t *testing.T) {
	ctx := context.Background()
	for name, rec := range map[string]*webex.Recording{"full": benchRecording(), "sparse": {ID: "x"}} {
		details := func(values map[string]tftypes.Value) { setRecordingValues(values, recordingAttrs, inDetails, rec) }
		dsSchema := dataSourceSchema(t, NewRecordingDataSource())
		value, diags := blockValue(nullConfig(ctx, dsSchema.Type()), details)
		state := tfsdk.State{Schema: dsSchema}
		if diags.Append(state.Set(ctx, value)...); diags.HasError() {
			t.Errorf("%s: webex_recording data source: %v", name, diags)
		}

		ephSchema := ephemeralSchema(t, NewRecordingEphemeralResource())
		value, diags = blockValue(nullConfig(ctx, ephSchema.Type()), details)
		result := tfsdk.EphemeralResultData{Schema: ephSchema}
		if diags.Append(result.Set(ctx, value)...); diags.HasError() {
			t.Errorf("%s: webex_recording ephemeral resource: %v", name, diags)
		}

		listSchema := dataSourceSchema(t, NewRecordingsDataSource())
		second := *rec
		second.ID = "y"
		value, diags = recordingsValue(nullConfig(ctx, listSchema.Type()), []webex.Recording{*rec, second}, false)
		state = tfsdk.State{Schema: listSchema}
		if diags.Append(state.Set(ctx, value)...); diags.HasError() {
			t.Errorf("%s: webex_recordings: %v", name, diags)
		}
	}
}

// nullConfig is a configuration of a schema's type with every attribute null.
func nullConfig(ctx context.Context, typ attr.Type) tftypes.Value {
	objectType, _ := typ.TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, t := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(objectType, values)
}

// TestProvider_registersEverything checks the type names Terraform sees.
func TestProvider_registersEverything(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	withEphemeral, ok := p.(provider.ProviderWithEphemeralResources)
	if !ok {
		t.Fatal("the provider does not offer ephemeral resources")
	}
	var names []string
	for _, f := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "webex"}, &resp)
		names = append(names, "data."+resp.TypeName)
	}
	for _, f := range withEphemeral.EphemeralResources(ctx) {
		var resp ephemeral.MetadataResponse
		f().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "webex"}, &resp)
		names = append(names, "ephemeral."+resp.TypeName)
	}
	want := []string{"data.webex_recording", "data.webex_recordings", "ephemeral.webex_recording"}
	if !slices.Equal(slices.Sorted(slices.Values(names)), want) {
		t.Errorf("registered %v, want %v", names, want)
	}
}

// TestRecordingsState_isTheValue checks that the msgpack listServer writes
// for webex_recordings is the value the framework would have written, for
// recordings with every field and with every optional field absent, with
// and without passwords.
func TestRecordingsState_isTheValue(t *testing.T) {
	ctx := context.Background()
	config := nullConfig(ctx, dataSourceSchema(t, NewRecordingsDataSource()).Type())
	var fields map[string]tftypes.Value
	_ = config.As(&fields)
	fields["topic"] = tftypes.NewValue(tftypes.String, "Weekly")
	fields["max_results"] = tftypes.NewValue(tftypes.Number, big.NewFloat(5))
	config = tftypes.NewValue(config.Type(), fields)
	full, sparse := *benchRecording(), webex.Recording{ID: "y", IntegrationTags: []string{}}
	full.TemporaryDirectDownloadLinks = nil
	for _, admin := range []bool{false, true} {
		for _, recs := range [][]webex.Recording{nil, {full, sparse}} {
			want, diags := recordingsValue(config, recs, admin)
			if diags.HasError() {
				t.Fatal(diags)
			}
			state, err := recordingsState(config, recs, admin)
			if err != nil {
				t.Fatal(err)
			}
			got, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(recordingsType())
			if err != nil || !got.Equal(want) {
				t.Errorf("admin %v, %d recordings: the state\n %v (%v)\nis not the value\n %v", admin, len(recs), got, err, want)
			}
		}
	}
}

// A server chooses the first recording's size, from which the state's buffer
// is sized: a first recording of 4 MiB (the most a page holds) before
// 30,000 small ones must not ask for 130 GB, which Go cannot recover from.
func TestRecordingsState_outsizedFirstRecording(t *testing.T) {
	recs := make([]webex.Recording, 30_000)
	for i := range recs {
		recs[i].ID = fmt.Sprintf("%032x", i)
	}
	recs[0].Topic = strings.Repeat("x", 4<<20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	state, err := recordingsState(nullConfig(context.Background(), dataSourceSchema(t, NewRecordingsDataSource()).Type()), recs, false)
	runtime.ReadMemStats(&after)
	if allocated := after.TotalAlloc - before.TotalAlloc; err != nil || allocated > 512<<20 {
		t.Errorf("%d bytes of state took %d MiB of allocations (%v); want at most 512 MiB", len(state), allocated>>20, err)
	}
}

// recordingListItemType is the object type of webex_recordings' recordings.
var recordingListItemType = recordingObjectType(recordingAttrs, inList)

// recordingsValue, recordingListValue and recordingPasswords build
// webex_recordings' value as tftypes: what recordingsState must write.

// recordingListValue is recs as the value of webex_recordings' recordings.
func recordingListValue(recs []webex.Recording) tftypes.Value {
	elems := make([]tftypes.Value, len(recs))
	for i := range recs {
		values := make(map[string]tftypes.Value, len(recordingListItemType.AttributeTypes))
		setRecordingValues(values, recordingAttrs, inList, &recs[i])
		elems[i] = tftypes.NewValue(recordingListItemType, values)
	}
	return tftypes.NewValue(tftypes.List{ElementType: recordingListItemType}, elems)
}

// recordingPasswords is the passwords map: one sensitive value for the
// whole list rather than a mark on every recording. Null for the admin
// list, which never returns passwords.
func recordingPasswords(recs []webex.Recording, admin bool) tftypes.Value {
	mapType := tftypes.Map{ElementType: tftypes.String}
	if admin {
		return tftypes.NewValue(mapType, nil)
	}
	passwords := make(map[string]tftypes.Value)
	for i := range recs {
		if recs[i].Password != "" {
			passwords[recs[i].ID] = tftypes.NewValue(tftypes.String, recs[i].Password)
		}
	}
	return tftypes.NewValue(mapType, passwords)
}

// recordingsValue is the block's value: its arguments as configured, the
// recordings and their passwords.
func recordingsValue(config tftypes.Value, recs []webex.Recording, admin bool) (tftypes.Value, diag.Diagnostics) {
	return blockValue(config, func(values map[string]tftypes.Value) {
		values["recordings"] = recordingListValue(recs)
		values["passwords"] = recordingPasswords(recs, admin)
	})
}
