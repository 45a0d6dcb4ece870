package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// summary is one case at one N: the median of each measure of its runs,
// and the spread and worst values the report needs.
type summary struct {
	runResult        // the medians (ok and output unused)
	name             string
	engine           string // the label of the CLI it ran on
	n                int
	provider         bool
	runs             int
	failed           int // runs whose plan did not exit 0
	wallMin, wallMax time.Duration
	reqMax, tooMax   int64
	floor            time.Duration // median wall of the floor case at the same N, 0 if none
}

// cpuPerRead is provider CPU divided by the data sources in the plan.
func (s summary) cpuPerRead() time.Duration { return s.provCPU / time.Duration(max(s.n, 1)) }

func (s summary) ratio() float64 {
	if s.floor <= 0 {
		return 0
	}
	return float64(s.wall) / float64(s.floor)
}

func summarize(spec caseSpec, n int, runs []runResult) summary {
	s := summary{name: spec.name, engine: spec.engine.label, n: n, provider: spec.provider, runs: len(runs)}
	var walls, tf, cpu []time.Duration
	var req, too, rss, logs []int64
	for _, r := range runs {
		if !r.ok {
			s.failed++
		}
		walls, tf, cpu = append(walls, r.wall), append(tf, r.tfCPU), append(cpu, r.provCPU)
		req, too, rss = append(req, r.requests), append(too, r.tooMany), append(rss, r.rssKiB)
		logs = append(logs, r.logBytes)
	}
	if len(walls) == 0 {
		return s
	}
	s.wall, s.wallMin, s.wallMax = median(walls), slices.Min(walls), slices.Max(walls)
	s.tfCPU, s.provCPU = median(tf), median(cpu)
	s.requests, s.reqMax = median(req), slices.Max(req)
	s.tooMany, s.tooMax = median(too), slices.Max(too)
	s.rssKiB, s.logBytes = median(rss), median(logs)
	return s
}

// median of a non-empty slice; the mean of the middle two for even lengths.
func median[T time.Duration | int64](xs []T) T {
	s := slices.Sorted(slices.Values(xs))
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

// target is one goal and how the numbers met it: status is PASS, MISS or
// "not run".
type target struct{ name, goal, status, detail string }

// check is a target whose summaries were found, or that needs more cases
// or N; ok and detail, computed either way, count only when found.
func check(name, needs string, found, ok bool, goal, detail string) target {
	switch {
	case !found:
		return target{name: name, goal: goal, status: "not run", detail: needs}
	case ok:
		return target{name: name, goal: goal, status: "PASS", detail: detail}
	}
	return target{name: name, goal: goal, status: "MISS", detail: detail}
}

// report is the outcome of a run of the harness.
type report struct {
	cfg       config
	facts     [][2]string // machineFacts
	summaries []summary   // the data source cases
	lists     []summary   // the list cases, by N and engine
	targets   []target
	elapsed   time.Duration
}

func newReport(cfg config, facts [][2]string, summaries, lists []summary, elapsed time.Duration) *report {
	r := &report{cfg: cfg, facts: facts, summaries: summaries, lists: lists, elapsed: elapsed}
	for i, s := range r.summaries {
		floor, _ := find(r.summaries, "", "floor", s.n)
		r.summaries[i].floor = floor.wall
	}
	r.targets = r.evaluate()
	return r
}

// find is case name at n among ss, on engine ("" for any).
func find(ss []summary, engine, name string, n int) (summary, bool) {
	i := slices.IndexFunc(ss, func(s summary) bool { return (engine == "" || s.engine == engine) && s.name == name && s.n == n })
	if i < 0 {
		return summary{}, false
	}
	return ss[i], true
}

func (r *report) allPassed() bool {
	return !slices.ContainsFunc(r.targets, func(t target) bool { return t.status == "MISS" })
}

// evaluate checks the targets. Times use medians; correctness
// (every read succeeded, 429s, requests of the dupes case) uses the worst
// repetition, so one bad run is enough to miss.
func (r *report) evaluate() []target {
	cs := cases(r.cfg)
	zeroName, latName, rateName := cs[0].name, cs[1].name, cs[2].name
	const nc, np, nr, nd = 100, 500, 100, 100 // the N of each target
	z, okZ := find(r.summaries, "", zeroName, nc)
	l, okL := find(r.summaries, "", latName, nc)
	zp, okZP := find(r.summaries, "", zeroName, np)
	rt, okR := find(r.summaries, "", rateName, nr)
	fl, okF := find(r.summaries, "", "floor", nr)
	d, okD := find(r.summaries, "", "dupes", nd)
	bound, diff := time.Duration(1.1*float64(nc)*float64(r.cfg.latency)/10), l.wall-z.wall
	ideal := time.Duration(float64(nr) / r.cfg.rate * float64(time.Second))
	limit := time.Duration(1.25*float64(ideal)) + fl.wall
	ts := []target{
		check("concurrency", fmt.Sprintf("needs N=%d", nc), okZ && okL, diff <= bound,
			fmt.Sprintf("at N=%d, median(%s) − median(%s) ≤ 1.1 × N × %s / 10 = %s (Terraform reads 10 at a time)", nc, latName, zeroName, r.cfg.latency, fmtDur(bound)),
			fmt.Sprintf("%s − %s = %s (bound %s; the latency alone, serialized, would be %s)", fmtDur(l.wall), fmtDur(z.wall), fmtDur(diff), fmtDur(bound), fmtDur(time.Duration(nc)*r.cfg.latency))),
		check("provider cost", fmt.Sprintf("needs N=%d", np), okZP, zp.cpuPerRead() <= time.Millisecond && zp.rssKiB < 100*1024,
			fmt.Sprintf("at N=%d with no latency, provider CPU per read ≤ 1 ms and peak RSS < 100 MiB", np),
			fmt.Sprintf("%.3f ms CPU per read (%s for %d reads), %.1f MiB peak RSS", ms(zp.cpuPerRead()), fmtDur(zp.provCPU), np, mib(zp.rssKiB))),
		check("rate limit", fmt.Sprintf("needs N=%d", nr), okR && okF, rt.wall <= limit && rt.failed == 0 && rt.tooMax <= nr/10,
			fmt.Sprintf("at N=%d limited to %g/s, median wall ≤ 1.25 × N/%g s + floor(%d), every read succeeds, 429s ≤ N/10 = %d", nr, r.cfg.rate, r.cfg.rate, nr, nr/10),
			fmt.Sprintf("%s (bound %s = 1.25 × %s + floor %s); plans failed: %d of %d; 429s: median %d, worst %d", fmtDur(rt.wall), fmtDur(limit), fmtDur(ideal), fmtDur(fl.wall), rt.failed, rt.runs, rt.tooMany, rt.tooMax)),
		check("dupes", fmt.Sprintf("needs N=%d", nd), okD, d.reqMax <= nd/10,
			fmt.Sprintf("at N=%d over %d distinct ids, ≤ %d requests", nd, nd/10, nd/10),
			fmt.Sprintf("%d requests (median), %d (worst)", d.requests, d.reqMax)),
	}
	// The list targets, per engine: linear cost, close to Terraform alone,
	// bounded memory.
	const small, large, needs = 1000, 10000, "needs -list-n 1000,10000"
	const maxScale, maxVsAlone, maxRSSMiB = 12.0, 1.25, 150
	for _, s := range r.lists {
		if s.name != listCaseName || s.n != r.lists[0].n {
			continue // one round of targets per engine: each ran every N
		}
		e := s.engine
		sm, okS := find(r.lists, e, listCaseName, small)
		lg, okL := find(r.lists, e, listCaseName, large)
		alone, okA := find(r.lists, e, jsonCaseName, large)
		scale, vsAlone := float64(lg.wall)/float64(sm.wall), float64(lg.wall)/float64(alone.wall)
		ts = append(ts,
			check("list scale, "+e, needs, okS && okL, scale <= maxScale,
				fmt.Sprintf("wall(N=%d) / wall(N=%d) ≤ %g: the cost grows linearly", large, small, maxScale),
				fmt.Sprintf("%s / %s = %.1f", fmtDur(lg.wall), fmtDur(sm.wall), scale)),
			check("list vs Terraform alone, "+e, needs, okL && okA, vsAlone <= maxVsAlone,
				fmt.Sprintf("at N=%d, wall ≤ %g × the same recordings read by Terraform alone", large, maxVsAlone),
				fmt.Sprintf("%s / %s = %.2f×", fmtDur(lg.wall), fmtDur(alone.wall), vsAlone)),
			check("list memory, "+e, needs, okL, mib(lg.rssKiB) < maxRSSMiB,
				fmt.Sprintf("at N=%d, provider peak RSS < %d MiB", large, maxRSSMiB),
				fmt.Sprintf("%.1f MiB", mib(lg.rssKiB))))
	}
	return ts
}

// listTable renders the list cases as a Markdown table: each N and
// engine on one line, the provider's list beside Terraform alone.
func (r *report) listTable() string {
	var b strings.Builder
	b.WriteString("| engine | N | list wall (median) | list min–max | Terraform alone (median) | list / alone | requests | provider CPU | provider peak RSS | terraform CPU (list) |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.lists {
		if s.name != listCaseName {
			continue
		}
		aloneWall, ratio := "—", "—"
		if alone, ok := find(r.lists, s.engine, jsonCaseName, s.n); ok {
			aloneWall, ratio = fmtDur(alone.wall), fmt.Sprintf("%.2f×", float64(s.wall)/float64(alone.wall))
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s–%s | %s | %s | %d | %.0f ms | %.1f MiB | %.0f ms |\n",
			s.engine, s.n, fmtDur(s.wall), fmtDur(s.wallMin), fmtDur(s.wallMax), aloneWall, ratio, s.requests, ms(s.provCPU), mib(s.rssKiB), ms(s.tfCPU))
	}
	return b.String()
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= 10*time.Second || d <= -10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second || d <= -time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", ms(d))
}

// table renders the summaries as a Markdown table.
func (r *report) table() string {
	var b strings.Builder
	b.WriteString("| case | N | wall (median) | wall min–max | wall / floor | requests | 429s | failed plans | provider CPU | CPU / read | provider peak RSS | provider log / read | terraform CPU |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.summaries {
		ratio := "—"
		if s.floor > 0 {
			ratio = fmt.Sprintf("%.2f×", s.ratio())
		}
		req, too, cpu, per, rss, logs := "—", "—", "—", "—", "—", "—"
		if s.provider {
			req, too = fmt.Sprint(s.requests), fmt.Sprint(s.tooMany)
			if s.tooMax != s.tooMany {
				too += fmt.Sprintf(" (≤ %d)", s.tooMax)
			}
			cpu, per = fmt.Sprintf("%.0f ms", ms(s.provCPU)), fmt.Sprintf("%.2f ms", ms(s.cpuPerRead()))
			rss, logs = fmt.Sprintf("%.1f MiB", mib(s.rssKiB)), fmt.Sprintf("%.1f KiB", float64(s.logBytes)/1024/float64(max(s.n, 1)))
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s–%s | %s | %s | %s | %d/%d | %s | %s | %s | %s | %.0f ms |\n",
			s.name, s.n, fmtDur(s.wall), fmtDur(s.wallMin), fmtDur(s.wallMax), ratio, req, too, s.failed, s.runs, cpu, per, rss, logs, ms(s.tfCPU))
	}
	return b.String()
}

func (r *report) targetLines(markdown bool) string {
	format := "%-7s %-13s %s\n        goal: %s\n"
	if markdown {
		format = "- **%s** — %s: %s.  \n  Goal: %s.\n"
	}
	var b strings.Builder
	for _, t := range r.targets {
		fmt.Fprintf(&b, format, t.status, t.name, t.detail, t.goal)
	}
	return b.String()
}

// summaryText is what the command prints at the end.
func (r *report) summaryText() string {
	lists := ""
	if len(r.lists) > 0 {
		lists = "\n" + r.listTable()
	}
	return fmt.Sprintf("\n==> results (%d repetition(s), medians; %s in all)\n\n%s%s\n==> targets\n%s",
		r.cfg.reps, r.elapsed.Round(time.Second), r.table(), lists, r.targetLines(false))
}

// markdown is BENCHMARKS.md.
func (r *report) markdown() string {
	var b strings.Builder
	b.WriteString("# Benchmarks: what the provider adds to a plan\n\n")
	b.WriteString("<!-- Generated by `make bench` (internal/cmd/bench). Do not edit by hand: rerun it. -->\n\n")
	b.WriteString("What the provider adds to a `terraform plan` of N `webex_recording` data sources, next to the Webex API's own latency and ")
	b.WriteString("to Terraform alone, and of one `webex_recordings` list of thousands of recordings, next to Terraform reading them from a ")
	b.WriteString("file. Real plans of the real Terraform CLI (and OpenTofu for the lists), with the provider built from this tree (`go build ")
	b.WriteString("-trimpath -ldflags '-X main.version=bench'`, symbols kept) and the Webex API simulator (`internal/simulator`). Linux only ")
	b.WriteString("(CPU time and peak RSS come from `/proc`). Nothing leaves the machine: the simulator listens on 127.0.0.1, the provider ")
	b.WriteString("serves on a unix socket, and nothing is installed (no `init`).\n\n## How to run\n\n```sh\n")
	b.WriteString("make bench                                   # N = 10, 100, 500; lists of 1,000 and 10,000 on Terraform and the OpenTofu of ENGINES; 5 repetitions\n")
	b.WriteString("make bench BENCHARGS='-reps 9 -n 100,1000'   # any flag of go run ./internal/cmd/bench -h (-list-tf replaces the list engines)\n")
	b.WriteString("TF_ACC=1 go test -run TestAccBenchSmoke ./internal/cmd/bench   # the smoke run the test suite does\n```\n\n")
	fmt.Fprintf(&b, "This report: `%s`, %d repetition(s) per case, %s in all.\n\n", strings.Join(r.cfg.args, " "), r.cfg.reps, r.elapsed.Round(time.Second))
	b.WriteString("## Machine\n\n| | |\n|---|---|\n")
	for _, f := range r.facts {
		fmt.Fprintf(&b, "| %s | %s |\n", f[0], f[1])
	}

	b.WriteString("\n## Method\n\nFor every N, repetition and case, the harness starts a fresh provider process with `-debug` (so the ")
	b.WriteString("peak RSS is that run's own), points Terraform at it with `TF_REATTACH_PROVIDERS`, and times `terraform plan -input=false ")
	b.WriteString("-no-color -refresh=true` (parallelism 10, the default) in a directory with N `webex_recording` data sources (one block ")
	b.WriteString("with `count`). The simulator's counters and faults are reset before every run. Each directory gets one unmeasured warm-up ")
	b.WriteString("plan; then repetitions go round the cases, so drift on the machine spreads over all of them.\n\n| case | what |\n|---|---|\n")
	for _, c := range append(cases(r.cfg), listCaseSpecs(nil)...) {
		fmt.Fprintf(&b, "| `%s` | %s |\n", c.name, c.about)
	}
	b.WriteString("\n## Results\n\n" + r.table() + "\n")
	if len(r.lists) > 0 {
		b.WriteString("### Large lists\n\nThe `list` and `json` cases, on each engine: both put the whole list in an output, so ")
		b.WriteString("Terraform handles the same values, and `list / alone` is what the provider costs on top.\n\n" + r.listTable() + "\n")
	}
	var floors []string
	for _, s := range r.summaries {
		if s.name == "floor" {
			floors = append(floors, fmt.Sprintf("%s at N=%d", fmtDur(s.wall), s.n))
		}
	}
	fmt.Fprintf(&b, "### The floor\n\n`floor` is Terraform alone: the same N as built-in `terraform_data` resources, with no provider "+
		"process, what any plan of that size costs before a single API call: %s. `wall / floor` divides each case's median by it; "+
		"a `zero` close to 1× means the provider costs little next to Terraform itself.\n\n", strings.Join(floors, ", "))

	b.WriteString("### What the columns mean\n\n")
	b.WriteString("- **wall**: `terraform plan` from start to exit, as a user waits for it; median and range over the repetitions.\n")
	b.WriteString("- **requests**: HTTP requests the simulator received during the plan, 429 answers included (median).\n")
	b.WriteString("- **429s**: answers of 429 Too Many Requests (median; the worst repetition in parentheses when it differs).\n")
	b.WriteString("- **failed plans**: repetitions whose plan did not exit 0 (any failed read fails the plan).\n")
	b.WriteString("- **provider CPU**: user + system CPU of the provider process during the plan, from `/proc/<pid>/stat` before and after ")
	b.WriteString("(startup excluded; in clock ticks of 10 ms, so small numbers are coarse): gRPC, the framework's schema and state ")
	b.WriteString("conversions, HTTP and JSON. **CPU / read** divides it by N.\n")
	b.WriteString("- **provider peak RSS**: `VmHWM` of the provider process at the end of the plan.\n")
	b.WriteString("- **provider log / read**: bytes the provider wrote to stderr (its SDK logs) during the plan, divided by N. It turns ")
	b.WriteString("them off unless `TF_LOG` asks for them, and the harness passes it no `TF_*` variable; in debug mode they would go to the ")
	b.WriteString("harness instead of Terraform, so Terraform's share of their cost would not be in these numbers.\n")
	b.WriteString("- **terraform CPU**: user + system CPU of the `terraform` process, for comparison. The simulator runs inside the ")
	b.WriteString("harness, so its own CPU is in neither CPU column.\n\n### Profiling the provider\n\n")
	b.WriteString("The provider is a separate process, so profile it from outside: `go run ./internal/cmd/bench -n 500 -cases zero -keep -out ''` ")
	b.WriteString("keeps the binary (with symbols) and the configurations; `perf record -g -- <that command>` then `perf report --comm terraform-provi` ")
	b.WriteString("shows where the provider's CPU goes. Wall times are only as quiet as the machine: compare the load averages above.\n\n")
	b.WriteString("## Targets\n\n" + r.targetLines(true))
	b.WriteString("\nTimes are compared by their medians; \"every read succeeds\", the 429s and the requests of `dupes` use the worst repetition.\n")
	return b.String()
}
