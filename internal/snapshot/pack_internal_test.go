package snapshot

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// filled is a snapshot in which every field of every record is set, each
// string to a value of its own, by reflection: a field added to an item,
// a plan or a follow-up is filled too, and TestPackCoversEveryString
// fails until Pack moves it.
func filled(units, items int) *Snapshot {
	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		n++
		switch v.Kind() {
		case reflect.String:
			v.SetString(fmt.Sprintf("värde %d", n))
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int, reflect.Int64:
			v.SetInt(int64(n%28 + 1))
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			fill(v.Index(0))
			fill(v.Index(1))
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				v.Set(reflect.ValueOf(time.Date(2027, 3, n%28+1, 9, 0, 0, 0, time.UTC)))
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					fill(v.Field(i))
				}
			}
		}
	}
	s := &Snapshot{Items: map[string][]ItemRecord{}, Plans: map[string][]PlanRecord{}, FollowUps: map[string][]FollowUpRecord{}}
	for u := range units {
		id := fmt.Sprintf("u%02d", u)
		for range items {
			var it ItemRecord
			var pl PlanRecord
			var f FollowUpRecord
			fill(reflect.ValueOf(&it).Elem())
			fill(reflect.ValueOf(&pl).Elem())
			fill(reflect.ValueOf(&f).Elem())
			s.Items[id] = append(s.Items[id], it)
			s.Plans[id] = append(s.Plans[id], pl)
			s.FollowUps[id] = append(s.FollowUps[id], f)
		}
	}
	return s
}

func TestPackKeepsEveryValue(t *testing.T) {
	packed, want := filled(3, 20), filled(3, 20)
	packed.Pack()
	if !reflect.DeepEqual(packed, want) {
		t.Fatal("packing changed what the snapshot says")
	}
	// A slice ends where its values do: appending to one copies, and
	// leaves the next item's list alone.
	a := packed.Items["u00"][0].Item.Audiences
	next := packed.Items["u00"][0].Item.Channels[0]
	_ = append(a, "ny")
	if packed.Items["u00"][0].Item.Channels[0] != next || cap(a) != len(a) {
		t.Fatalf("an append reached past the list (cap %d, len %d)", cap(a), len(a))
	}
}

func TestPackCoversEveryString(t *testing.T) {
	s := filled(2, 10)
	p := s.pack()
	in := func(str string) bool {
		d := uintptr(unsafe.Pointer(unsafe.StringData(str)))
		for _, b := range p.blocks {
			if start := uintptr(unsafe.Pointer(unsafe.StringData(b))); d >= start && d < start+uintptr(len(b)) {
				return true
			}
		}
		return false
	}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if v.Len() > 0 && !in(v.String()) {
				t.Errorf("%s (%q) is not packed", path, v.String())
			}
		case reflect.Pointer:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(path+"["+k.String()+"]", v.MapIndex(k))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() && f.Type != reflect.TypeFor[time.Time]() {
					walk(path+"."+f.Name, v.Field(i))
				}
			}
		}
	}
	walk("Snapshot", reflect.ValueOf(s).Elem())
}

// TestPackObjects counts what the collector has to visit: a snapshot
// decoded as the store decodes it, before and after Pack.
func TestPackObjects(t *testing.T) {
	const items = 5000
	liveObjects := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapObjects
	}
	base := liveObjects()
	s := &Snapshot{Items: map[string][]ItemRecord{}, FollowUps: map[string][]FollowUpRecord{}}
	for i := range items {
		data := fmt.Sprintf(`{"id":"aktivitet-%04d","source":"yaml","title":"Aktivitet %d – information till medarbetare",`+
			`"description":"Vi berättar om förändringen, åtgärd %d.","owner":"ansvarig%d@example.se","focus":"planering",`+
			`"audiences":["kommuninvanare","medarbetare"],"channels":["webb","intranat"],"remind":[14,3],`+
			`"follow_up":{"after":14,"how":"Räckvidd"},"public":true,"rule":{"freq":"weekly","weekday":4,"time":{"hour":11,"minute":30},"exceptions":["2027-04-01"]}}`, i, i, i, i%50)
		var it wheel.Item
		if err := json.Unmarshal([]byte(data), &it); err != nil {
			t.Fatal(err)
		}
		it.File = fmt.Sprintf("calendars/u%02d.yaml", i%50)
		unit := fmt.Sprintf("u%02d", i%50)
		s.Items[unit] = append(s.Items[unit], ItemRecord{Item: it, Sequence: 1})
		s.FollowUps[unit] = append(s.FollowUps[unit], FollowUpRecord{FollowUp: occur.FollowUp{
			ID: fmt.Sprintf("%s/aktivitet-%04d/2027-03-%02d", unit, i, i%28+1), UnitID: unit, ItemID: it.ID,
			OccurrenceID: fmt.Sprintf("aktivitet-%04d/2027-03-%02d", i, i%28+1), Title: it.Title, Owner: it.Owner, How: "Räckvidd",
		}})
	}
	decoded := liveObjects() - base
	s.Pack()
	packed := liveObjects() - base
	runtime.KeepAlive(s)
	t.Logf("%d items: %d objects decoded, %d packed", items, decoded, packed)
	if packed*20 > decoded {
		t.Errorf("packed, the snapshot is %d objects, decoded %d: want at most a twentieth", packed, decoded)
	}
}
