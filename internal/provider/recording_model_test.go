package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// TestRecordingObjectValue_matchesTheStruct checks the hand-built object
// that reads write against the framework's own reflection of the struct,
// for a recording with every field and one with every optional field absent.
func TestRecordingObjectValue_matchesTheStruct(t *testing.T) {
	ctx := context.Background()
	schema := dataSourceSchema(t, NewRecordingDataSource())
	objectType, ok := schema.Type().(types.ObjectType)
	if !ok {
		t.Fatalf("schema type %T", schema.Type())
	}
	for name, rec := range map[string]*webex.Recording{"full": benchRecording(), "sparse": {ID: "x"}} {
		model := RecordingDataSourceModel{
			ID:                    types.StringValue(rec.ID),
			HostEmail:             types.StringValue("host@example.com"),
			Timezone:              types.StringNull(),
			recordingDetailsModel: newRecordingDetailsModel(rec),
		}
		got, diags := model.objectValue(objectType)
		if diags.HasError() {
			t.Fatalf("%s: objectValue: %v", name, diags)
		}
		want, diags := types.ObjectValueFrom(ctx, objectType.AttrTypes, model)
		if diags.HasError() {
			t.Fatalf("%s: ObjectValueFrom: %v", name, diags)
		}
		if !got.Equal(want) {
			t.Errorf("%s: hand-built object differs from the struct\n got: %s\nwant: %s", name, got, want)
		}
	}
}
