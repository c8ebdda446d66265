package server

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// requestStats counts requests by route and status, with their latency,
// for /metrics (arshjul_http_requests_total and
// arshjul_http_request_duration_seconds, as a CounterVec and a
// HistogramVec would give them). It is not those: their shared atomic
// counters, bounced between the cores on every request, cost a polling
// 304 a twentieth of its time (README, Performance). Here each count is
// kept in shards, each on its own cache line, and summed when scraped;
// a request adds to the shard of the pooled recorder that saw it, and
// sync.Pool hands each core mostly its own recorders. The counters of a
// route and status are found in a map that is replaced, never changed
// (there are a few dozen: the routes are the mux's patterns), so that a
// request reads it with no lock and no interface hashing, as sync.Map's
// would cost it.
type requestStats struct {
	routes atomic.Pointer[map[routeCode]*routeCounts]
	grow   sync.Mutex // one writer at a time
}

type routeCode struct {
	route string
	code  int
}

const statShards = 8

var latencyBuckets = [...]float64{.0005, .001, .005, .01, .05, .1, .5, 1, 5}

type routeCounts struct {
	shards [statShards]statShard
}

type statShard struct {
	count   atomic.Uint64
	sumNs   atomic.Uint64
	buckets [len(latencyBuckets)]atomic.Uint64 // not cumulative; summed up when scraped
	_       [128 - 16 - 8*len(latencyBuckets)]byte
}

func (s *requestStats) add(route string, code int, d time.Duration, shard uint32) {
	sh := &s.counts(routeCode{route, code}).shards[shard%statShards]
	sh.count.Add(1)
	sh.sumNs.Add(uint64(d))
	sec := d.Seconds()
	for i, b := range latencyBuckets {
		if sec <= b {
			sh.buckets[i].Add(1)
			break
		}
	}
}

func (s *requestStats) counts(k routeCode) *routeCounts {
	if m := s.routes.Load(); m != nil {
		if c := (*m)[k]; c != nil {
			return c
		}
	}
	s.grow.Lock()
	defer s.grow.Unlock()
	var old map[routeCode]*routeCounts
	if m := s.routes.Load(); m != nil {
		old = *m
	}
	if c := old[k]; c != nil {
		return c
	}
	next := make(map[routeCode]*routeCounts, len(old)+1)
	for ok, v := range old {
		next[ok] = v
	}
	c := new(routeCounts)
	next[k] = c
	s.routes.Store(&next)
	return c
}

var (
	requestsDesc = prometheus.NewDesc("arshjul_http_requests_total", "HTTP requests by route pattern and status code.", []string{"route", "code"}, nil)
	durationDesc = prometheus.NewDesc("arshjul_http_request_duration_seconds", "HTTP request latency by route pattern.", []string{"route"}, nil)
)

func (s *requestStats) Describe(ch chan<- *prometheus.Desc) {
	ch <- requestsDesc
	ch <- durationDesc
}

func (s *requestStats) Collect(ch chan<- prometheus.Metric) {
	type hist struct {
		count   uint64
		sum     float64
		buckets [len(latencyBuckets)]uint64
	}
	byRoute := map[string]*hist{}
	var routes map[routeCode]*routeCounts
	if m := s.routes.Load(); m != nil {
		routes = *m
	}
	for rc, counts := range routes {
		h := byRoute[rc.route]
		if h == nil {
			h = &hist{}
			byRoute[rc.route] = h
		}
		var n uint64
		for i := range counts.shards {
			sh := &counts.shards[i]
			n += sh.count.Load()
			h.sum += time.Duration(sh.sumNs.Load()).Seconds()
			for j := range sh.buckets {
				h.buckets[j] += sh.buckets[j].Load()
			}
		}
		h.count += n
		ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.CounterValue, float64(n), rc.route, strconv.Itoa(rc.code))
	}
	for route, h := range byRoute {
		cum, acc := make(map[float64]uint64, len(latencyBuckets)), uint64(0)
		for i, b := range latencyBuckets {
			acc += h.buckets[i]
			cum[b] = acc
		}
		ch <- prometheus.MustNewConstHistogram(durationDesc, h.count, h.sum, cum, route)
	}
}
