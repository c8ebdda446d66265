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
// sync.Pool hands each core mostly its own recorders.
type requestStats struct {
	routes sync.Map // routeCode → *routeCounts
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
	k := routeCode{route, code}
	v, ok := s.routes.Load(k)
	if !ok {
		v, _ = s.routes.LoadOrStore(k, new(routeCounts))
	}
	sh := &v.(*routeCounts).shards[shard%statShards]
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
	s.routes.Range(func(k, v any) bool {
		rc, counts := k.(routeCode), v.(*routeCounts)
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
		return true
	})
	for route, h := range byRoute {
		cum, acc := make(map[float64]uint64, len(latencyBuckets)), uint64(0)
		for i, b := range latencyBuckets {
			acc += h.buckets[i]
			cum[b] = acc
		}
		ch <- prometheus.MustNewConstHistogram(durationDesc, h.count, h.sum, cum, route)
	}
}
