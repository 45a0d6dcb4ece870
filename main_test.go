package main

import (
	"testing"
)

func TestQuietLoggersUnlessAsked(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing asked", map[string]string{},
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_WEBEX": "OFF"}},
		{"TF_LOG", map[string]string{"TF_LOG": "debug"},
			map[string]string{"TF_LOG_SDK": "DEBUG", "TF_LOG_PROVIDER_WEBEX": "DEBUG"}},
		{"TF_LOG_PROVIDER wins", map[string]string{"TF_LOG": "ERROR", "TF_LOG_PROVIDER": "TRACE"},
			map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_PROVIDER_WEBEX": "TRACE"}},
		{"JSON means TRACE", map[string]string{"TF_LOG": "JSON"},
			map[string]string{"TF_LOG_SDK_PROTO": "TRACE"}},
		{"explicit settings stay", map[string]string{"TF_LOG": "TRACE", "TF_LOG_SDK_PROTO": "OFF"},
			map[string]string{"TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK": "TRACE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			quietLoggersUnlessAsked(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			for k, want := range tc.want {
				if env[k] != want {
					t.Errorf("%s = %q, want %q", k, env[k], want)
				}
			}
		})
	}
}
