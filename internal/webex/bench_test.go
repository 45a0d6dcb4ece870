package webex

import (
	"context"
	"net/http"
	"testing"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// referenceBody is the reference page's example answer.
const referenceBody = `{"id":"4f914b1dfe3c4d11a61730f18c0f5387","meetingId":"f91b6edce9864428af084977b7c68291_I_166641849979635652","scheduledMeetingId":"f91b6edce9864428af084977b7c68291_20200713T121500Z","meetingSeriesId":"f91b6edce9864428af084977b7c68291","topic":"Example Topic","createTime":"2020-07-13T17:11:35Z","timeRecorded":"2020-07-13T17:05:35Z","siteUrl":"site4-example.webex.com","downloadUrl":"https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab","playbackUrl":"https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73","password":"BgJep@43","temporaryDirectDownloadLinks":{"recordingDownloadLink":"https://site4-example.webex.com/nbr/MultiThreadDownloadServlet?siteid=2062842&recordid=305462&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=305492&ticket=SDJTSwAAAIUBSHkvL6Z5ddyBim5%2FHcJYcvn6IoXNEyCE2mAYQ5BlBg%3D%3D&timestamp=1567125236465&islogin=yes&isprevent=no&ispwd=yes","audioDownloadLink":"https://site4-example.webex.com/nbr/downloadMedia.do?siteid=2062842&recordid=305462&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=305492&ticket=SDJTSwAAAIXCIXsuBt%2BAgtK7WoQ2VhgeI608N4ZMIJ3vxQaQNZuLZA%3D%3D&timestamp=1567125236708&islogin=yes&isprevent=no&ispwd=yes&mediaType=1","transcriptDownloadLink":"https://site4-example.webex.com/nbr/downloadMedia.do?siteid=2062842&recordid=305462&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=305492&ticket=SDJTSwAAAAJVUJDxeA08qKkF%2FlxlSkDxuEFPwgGT0XW1z21NhY%2BCvg%3D%3D&timestamp=1567125236866&islogin=yes&isprevent=no&ispwd=yes&mediaType=2","expiration":"2022-05-01T10:30:25Z"},"format":"ARF","serviceType":"MeetingCenter","durationSeconds":18416,"sizeBytes":168103,"shareToMe":false,"integrationTags":["dbaeceebea5c4a63ac9d5ef1edfe36b9","85e1d6319aa94c0583a6891280e3437d","27226d1311b947f3a68d6bdf8e4e19a1"],"status":"available"}`

func BenchmarkDecodeRecording(b *testing.B) {
	resp := &response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json;charset=UTF-8"}}, Body: []byte(referenceBody)}
	b.ReportAllocs()
	b.SetBytes(int64(len(referenceBody)))
	for b.Loop() {
		var rec Recording
		if err := decodeJSON(resp, &rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetRecording is a full read: request building, pacing, the
// round trip to an in-process simulator, decoding.
func BenchmarkGetRecording(b *testing.B) {
	sim := simulator.New()
	sim.SetRequestLogLimit(0)
	srv := httptestServer(b, sim)
	c, err := New(Config{BaseURL: srv + simulator.PathPrefix, AccessToken: simulator.UserToken})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		// Fresh: measure the round trip, not the remembered answer.
		if _, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{Fresh: true}); err != nil {
			b.Fatal(err)
		}
	}
}
