package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// summary is one case at one N, reduced to medians.
type summary struct {
	name     string
	engine   string // the list cases' engine; "" for the main one
	n        int
	provider bool
	runs     int
	failed   int // runs whose plan did not exit 0
	wall     time.Duration
	wallMin  time.Duration
	wallMax  time.Duration
	tfCPU    time.Duration
	requests int64
	reqMax   int64
	tooMany  int64
	tooMax   int64
	provCPU  time.Duration
	rssKiB   int64
	logBytes int64
	floor    time.Duration // median wall of the floor case at the same N, 0 if none
}

// cpuPerRead is provider CPU divided by the data sources in the plan.
func (s summary) cpuPerRead() time.Duration { return s.provCPU / time.Duration(max(s.n, 1)) }

func (s summary) ratio() float64 {
	if s.floor <= 0 {
		return 0
	}
	return float64(s.wall) / float64(s.floor)
}

func summarize(c *caseResult) summary {
	s := summary{name: c.spec.name, n: c.n, provider: c.spec.provider, runs: len(c.runs)}
	if c.spec.engine != nil {
		s.engine = c.spec.engine.label
	}
	var walls, tf, cpu []time.Duration
	var req, too, rss, logs []int64
	for _, r := range c.runs {
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
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// target is one goal and how the numbers met it.
type target struct {
	name   string
	goal   string
	status string // PASS, MISS, or "not run"
	detail string
}

// report is the outcome of a run of the harness.
type report struct {
	cfg       config
	facts     machineFacts
	summaries []summary // the data source cases
	lists     []summary // the list cases, by engine
	targets   []target
	elapsed   time.Duration
}

func newReport(cfg config, facts machineFacts, results []*caseResult, elapsed time.Duration) *report {
	r := &report{cfg: cfg, facts: facts, elapsed: elapsed}
	floors := map[int]time.Duration{}
	for _, c := range results {
		s := summarize(c)
		switch {
		case s.engine != "":
			r.lists = append(r.lists, s)
			continue
		case s.name == "floor":
			floors[s.n] = s.wall
		}
		r.summaries = append(r.summaries, s)
	}
	for i := range r.summaries {
		r.summaries[i].floor = floors[r.summaries[i].n]
	}
	r.targets = r.evaluate()
	return r
}

func (r *report) find(name string, n int) (summary, bool) {
	for _, s := range r.summaries {
		if s.name == name && s.n == n {
			return s, true
		}
	}
	return summary{}, false
}

func (r *report) allPassed() bool {
	for _, t := range r.targets {
		if t.status == "MISS" {
			return false
		}
	}
	return true
}

func passOrMiss(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}

// evaluate checks the targets. Times use medians; correctness
// (every read succeeded, 429s, requests of the dupes case) uses the worst
// repetition, so one bad run is enough to miss.
func (r *report) evaluate() []target {
	cs := cases(r.cfg)
	zeroName, latName, rateName := cs[0].name, cs[1].name, cs[2].name
	var ts []target

	const nc = 100
	bound := time.Duration(1.1 * float64(nc) * float64(r.cfg.latency) / 10)
	t := target{
		name: "concurrency",
		goal: fmt.Sprintf("at N=%d, median(%s) − median(%s) ≤ 1.1 × N × %s / 10 = %s (Terraform reads 10 at a time)", nc, latName, zeroName, r.cfg.latency, fmtDur(bound)),
	}
	z, ok1 := r.find(zeroName, nc)
	l, ok2 := r.find(latName, nc)
	if ok1 && ok2 {
		diff := l.wall - z.wall
		t.status = passOrMiss(diff <= bound)
		t.detail = fmt.Sprintf("%s − %s = %s (bound %s; the latency alone, serialized, would be %s)", fmtDur(l.wall), fmtDur(z.wall), fmtDur(diff), fmtDur(bound), fmtDur(time.Duration(nc)*r.cfg.latency))
	} else {
		t.status, t.detail = "not run", fmt.Sprintf("needs N=%d", nc)
	}
	ts = append(ts, t)

	const np = 500
	t = target{
		name: "provider cost",
		goal: fmt.Sprintf("at N=%d with no latency, provider CPU per read ≤ 1 ms and peak RSS < 100 MiB", np),
	}
	if z, ok := r.find(zeroName, np); ok {
		per := z.cpuPerRead()
		t.status = passOrMiss(per <= time.Millisecond && z.rssKiB < 100*1024)
		t.detail = fmt.Sprintf("%.3f ms CPU per read (%s for %d reads), %.1f MiB peak RSS", ms(per), fmtDur(z.provCPU), np, mib(z.rssKiB))
	} else {
		t.status, t.detail = "not run", fmt.Sprintf("needs N=%d", np)
	}
	ts = append(ts, t)

	const nr = 100
	ideal := time.Duration(float64(nr) / r.cfg.rate * float64(time.Second))
	t = target{
		name: "rate limit",
		goal: fmt.Sprintf("at N=%d limited to %g/s, median wall ≤ 1.25 × N/%g s + floor(%d), every read succeeds, 429s ≤ N/10 = %d", nr, r.cfg.rate, r.cfg.rate, nr, nr/10),
	}
	rt, ok1 := r.find(rateName, nr)
	fl, ok2 := r.find("floor", nr)
	if ok1 && ok2 {
		limit := time.Duration(1.25*float64(ideal)) + fl.wall
		t.status = passOrMiss(rt.wall <= limit && rt.failed == 0 && rt.tooMax <= nr/10)
		t.detail = fmt.Sprintf("%s (bound %s = 1.25 × %s + floor %s); plans failed: %d of %d; 429s: median %d, worst %d", fmtDur(rt.wall), fmtDur(limit), fmtDur(ideal), fmtDur(fl.wall), rt.failed, rt.runs, rt.tooMany, rt.tooMax)
	} else {
		t.status, t.detail = "not run", fmt.Sprintf("needs N=%d", nr)
	}
	ts = append(ts, t)

	const nd = 100
	t = target{
		name: "dupes",
		goal: fmt.Sprintf("at N=%d over %d distinct ids, ≤ %d requests", nd, nd/10, nd/10),
	}
	if d, ok := r.find("dupes", nd); ok {
		t.status = passOrMiss(d.reqMax <= nd/10)
		t.detail = fmt.Sprintf("%d requests (median), %d (worst)", d.requests, d.reqMax)
	} else {
		t.status, t.detail = "not run", fmt.Sprintf("needs N=%d", nd)
	}
	ts = append(ts, t)
	return append(ts, r.listTargets()...)
}

// The list targets: linear cost, close to Terraform alone, bounded memory.
const (
	listSmallN     = 1000
	listLargeN     = 10000
	listMaxScale   = 12.0
	listMaxVsJSON  = 1.25
	listMaxRSSMiB  = 150
	listTargetNote = "needs -list-n 1000,10000"
)

func (r *report) findList(engine, name string, n int) (summary, bool) {
	for _, s := range r.lists {
		if s.engine == engine && s.name == name && s.n == n {
			return s, true
		}
	}
	return summary{}, false
}

func (r *report) listEngines() []string {
	var out []string
	for _, s := range r.lists {
		if !slices.Contains(out, s.engine) {
			out = append(out, s.engine)
		}
	}
	return out
}

func (r *report) listTargets() []target {
	var ts []target
	for _, e := range r.listEngines() {
		small, ok1 := r.findList(e, listCaseName, listSmallN)
		large, ok2 := r.findList(e, listCaseName, listLargeN)
		alone, ok3 := r.findList(e, jsonCaseName, listLargeN)
		t := target{name: "list scale, " + e,
			goal: fmt.Sprintf("wall(N=%d) / wall(N=%d) ≤ %g: the cost grows linearly", listLargeN, listSmallN, listMaxScale)}
		if ok1 && ok2 {
			ratio := float64(large.wall) / float64(small.wall)
			t.status = passOrMiss(ratio <= listMaxScale)
			t.detail = fmt.Sprintf("%s / %s = %.1f", fmtDur(large.wall), fmtDur(small.wall), ratio)
		} else {
			t.status, t.detail = "not run", listTargetNote
		}
		ts = append(ts, t)

		t = target{name: "list vs Terraform alone, " + e,
			goal: fmt.Sprintf("at N=%d, wall ≤ %g × the same recordings read by Terraform alone", listLargeN, listMaxVsJSON)}
		if ok2 && ok3 {
			ratio := float64(large.wall) / float64(alone.wall)
			t.status = passOrMiss(ratio <= listMaxVsJSON)
			t.detail = fmt.Sprintf("%s / %s = %.2f×", fmtDur(large.wall), fmtDur(alone.wall), ratio)
		} else {
			t.status, t.detail = "not run", listTargetNote
		}
		ts = append(ts, t)

		t = target{name: "list memory, " + e, goal: fmt.Sprintf("at N=%d, provider peak RSS < %d MiB", listLargeN, listMaxRSSMiB)}
		if ok2 {
			t.status = passOrMiss(mib(large.rssKiB) < listMaxRSSMiB)
			t.detail = fmt.Sprintf("%.1f MiB", mib(large.rssKiB))
		} else {
			t.status, t.detail = "not run", listTargetNote
		}
		ts = append(ts, t)
	}
	return ts
}

// listTable renders the list cases as a Markdown table: each N of each
// engine on one line, the provider's list beside Terraform alone.
func (r *report) listTable() string {
	var b strings.Builder
	b.WriteString("| engine | N | list wall (median) | list min–max | Terraform alone (median) | list / alone | requests | provider CPU | provider peak RSS | terraform CPU (list) |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.lists {
		if s.name != listCaseName {
			continue
		}
		alone, ok := r.findList(s.engine, jsonCaseName, s.n)
		aloneWall, ratio := "—", "—"
		if ok {
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
			req = fmt.Sprint(s.requests)
			too = fmt.Sprint(s.tooMany)
			if s.tooMax != s.tooMany {
				too += fmt.Sprintf(" (≤ %d)", s.tooMax)
			}
			cpu = fmt.Sprintf("%.0f ms", ms(s.provCPU))
			per = fmt.Sprintf("%.2f ms", ms(s.cpuPerRead()))
			rss = fmt.Sprintf("%.1f MiB", mib(s.rssKiB))
			logs = fmt.Sprintf("%.1f KiB", float64(s.logBytes)/1024/float64(max(s.n, 1)))
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s–%s | %s | %s | %s | %d/%d | %s | %s | %s | %s | %.0f ms |\n",
			s.name, s.n, fmtDur(s.wall), fmtDur(s.wallMin), fmtDur(s.wallMax), ratio, req, too, s.failed, s.runs, cpu, per, rss, logs, ms(s.tfCPU))
	}
	return b.String()
}

func (r *report) targetLines(markdown bool) string {
	var b strings.Builder
	for _, t := range r.targets {
		if markdown {
			fmt.Fprintf(&b, "- **%s** — %s: %s.  \n  Goal: %s.\n", t.status, t.name, t.detail, t.goal)
		} else {
			fmt.Fprintf(&b, "%-7s %-13s %s\n        goal: %s\n", t.status, t.name, t.detail, t.goal)
		}
	}
	return b.String()
}

// summaryText is what the command prints at the end.
func (r *report) summaryText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n==> results (%d repetition(s), medians; %s in all)\n\n", r.cfg.reps, r.elapsed.Round(time.Second))
	b.WriteString(r.table())
	if len(r.lists) > 0 {
		b.WriteString("\n")
		b.WriteString(r.listTable())
	}
	b.WriteString("\n==> targets\n")
	b.WriteString(r.targetLines(false))
	return b.String()
}

// markdown is BENCHMARKS.md.
func (r *report) markdown() string {
	var b strings.Builder
	cs := cases(r.cfg)
	b.WriteString("# Benchmarks: what the provider adds to a plan\n\n")
	b.WriteString("<!-- Generated by `make bench` (internal/cmd/bench). Do not edit by hand: rerun it. -->\n\n")
	b.WriteString("What the provider adds to a `terraform plan`: with N `webex_recording` data sources, next to the Webex API's own latency ")
	b.WriteString("and to Terraform alone; and with one `webex_recordings` list of thousands of recordings, next to Terraform reading the same ")
	b.WriteString("recordings from a file. These numbers come from real plans: the real Terraform CLI (and OpenTofu for the lists), the provider ")
	b.WriteString("built from this tree (`go build -trimpath -ldflags '-X main.version=bench'`, ")
	b.WriteString("symbols kept so it can be profiled), and the Webex API simulator (`internal/simulator`) on loopback.\n\n")

	b.WriteString("## How to run\n\n")
	b.WriteString("```sh\nmake bench                                       # N = 10, 100, 500; lists of 1,000 and 10,000; 5 repetitions; writes BENCHMARKS.md\n")
	b.WriteString("make bench BENCHARGS='-reps 9 -n 100,1000'       # any flag of go run ./internal/cmd/bench -h\n")
	b.WriteString("TF_ACC=1 go test -run TestAccBenchSmoke ./internal/cmd/bench   # the smoke run the test suite does\n```\n\n")
	fmt.Fprintf(&b, "This report: `%s`, %d repetition(s) per case, %s in all.\n\n", strings.Join(r.cfg.args, " "), r.cfg.reps, r.elapsed.Round(time.Second))
	b.WriteString("Linux only (CPU time and peak RSS come from `/proc`). Nothing leaves the machine: the simulator listens on 127.0.0.1, ")
	b.WriteString("the provider serves on a unix socket, and Terraform needs no `init` (a reattached provider and the built-in `terraform_data` ")
	b.WriteString("need no download); the harness would run `init` once per directory if a plan asked for it.\n\n")

	b.WriteString("## Machine\n\n")
	fmt.Fprintf(&b, "| | |\n|---|---|\n| date (UTC) | %s |\n| platform | %s |\n| CPU | %s |\n| cores | %d |\n| memory | %s |\n| Go | %s |\n| Terraform | %s |\n| load average (1, 5, 15 min) before | %s |\n| load average after | %s |\n\n",
		r.facts.date.Format("2006-01-02 15:04"), r.facts.platform, r.facts.cpuModel, r.facts.cores, r.facts.memory, r.facts.goVersion, r.facts.terraform, r.facts.loadStart, r.facts.loadEnd)

	b.WriteString("## Method\n\n")
	b.WriteString("For every N, repetition and case, the harness starts a fresh provider process with `-debug`, points Terraform at it with ")
	b.WriteString("`TF_REATTACH_PROVIDERS`, and times `terraform plan -input=false -no-color -refresh=true` (Terraform's default ")
	b.WriteString("parallelism of 10) in a directory with N `webex_recording` data sources (one block with `count`). ")
	b.WriteString("A fresh process per run makes the peak RSS that run's own. The simulator's counters and faults are reset before every run. ")
	b.WriteString("Repetitions go round the cases so drift on the machine spreads over all of them; each directory gets one unmeasured warm-up plan first.\n\n")
	b.WriteString("| case | what |\n|---|---|\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "| `%s` | %s |\n", c.name, c.about)
	}
	b.WriteString("\n## Results\n\n")
	b.WriteString(r.table())
	b.WriteString("\n")
	if len(r.lists) > 0 {
		b.WriteString("### Large lists\n\n")
		b.WriteString("For each engine and N, one directory holds a `webex_recordings` data source over N recordings of one host, which the ")
		b.WriteString("simulator serves in pages of 100, and another the very same items (every page's, as the simulator serves them) in one ")
		b.WriteString("JSON file read with `jsondecode(file(...))`, with no provider at all. Both put the whole list in an output, so Terraform ")
		b.WriteString("handles the same values; `list / alone` is what the provider costs on top. Plans run as above, on each engine.\n\n")
		for _, c := range listCaseSpecs(nil) {
			fmt.Fprintf(&b, "- `%s`: %s.\n", c.name, c.about)
		}
		b.WriteString("\n")
		b.WriteString(r.listTable())
		b.WriteString("\n")
	}

	b.WriteString("### The floor\n\n")
	b.WriteString("`floor` is Terraform alone: the same N, as built-in `terraform_data` resources, with no provider process at all. ")
	b.WriteString("It is what any plan of that size costs before a single API call: ")
	var floors []string
	for _, s := range r.summaries {
		if s.name == "floor" {
			floors = append(floors, fmt.Sprintf("%s at N=%d", fmtDur(s.wall), s.n))
		}
	}
	b.WriteString(strings.Join(floors, ", ") + ". ")
	b.WriteString("`wall / floor` divides each case's median by it; a `zero` close to 1× means the provider costs little next to Terraform itself.\n\n")

	b.WriteString("### What the columns mean\n\n")
	b.WriteString("- **wall**: `terraform plan` from start to exit, as a user waits for it; median and range over the repetitions.\n")
	b.WriteString("- **requests**: HTTP requests the simulator received during the plan, 429 answers included (median).\n")
	b.WriteString("- **429s**: answers of 429 Too Many Requests (median; the worst repetition in parentheses when it differs).\n")
	b.WriteString("- **failed plans**: repetitions whose plan did not exit 0 (any failed read fails the plan).\n")
	b.WriteString("- **provider CPU**: user + system CPU of the provider process during the plan, from `/proc/<pid>/stat` before and after ")
	b.WriteString("(startup excluded; the clock tick is 10 ms, so small numbers are coarse). It includes gRPC, the framework's schema and ")
	b.WriteString("state conversions, HTTP and JSON. **CPU / read** divides it by N.\n")
	b.WriteString("- **provider peak RSS**: `VmHWM` of the provider process at the end of the plan.\n")
	b.WriteString("- **provider log / read**: bytes the provider wrote to stderr during the plan, divided by N. With no `TF_LOG_SDK*` ")
	b.WriteString("variables the plugin SDKs log at TRACE, as JSON, whatever `TF_LOG` says: Terraform drops the lines only after receiving them. ")
	b.WriteString("In debug mode they go to the harness instead of Terraform, so Terraform's share of that cost is not in these numbers.\n")
	b.WriteString("- **terraform CPU**: user + system CPU of the `terraform` process, for comparison.\n")
	b.WriteString("- The simulator runs inside the harness, so its own CPU is in neither column.\n\n")

	b.WriteString("### Profiling the provider\n\n")
	b.WriteString("The provider is a separate process, so profile it from outside: `go run ./internal/cmd/bench -n 500 -cases zero -keep -out ''` ")
	b.WriteString("keeps the binary (with symbols) and the configurations; `perf record -g -- <that command>` then `perf report --comm terraform-provi` ")
	b.WriteString("shows where the provider's CPU goes. Wall times are only as quiet as the machine: compare the load averages above.\n\n")
	b.WriteString("## Targets\n\n")
	b.WriteString(r.targetLines(true))
	b.WriteString("\nTimes are compared by their medians; \"every read succeeds\", the 429s and the requests of `dupes` use the worst repetition.\n")
	return b.String()
}
