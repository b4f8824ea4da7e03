package jsonnan

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

type inner struct {
	X float64 `json:"x"`
	Y float64 `json:"y,omitempty"`
	S string  `json:"s,omitempty"`
}

type Exported struct {
	Z float64 `json:"z"`
}

type outer struct {
	inner
	*Exported
	A    []float64          `json:"a"`
	M    map[string]float64 `json:"m"`
	P    *inner             `json:"p"`
	B    []byte             `json:"b"`
	T    time.Time          `json:"t,omitzero"`
	Opt  *float64           `json:"opt,omitempty"`
	I    any                `json:"i"`
	K    map[int]string     `json:"k"`
	Dash float64            `json:"-"`
}

// selfNaN has its own MarshalJSON through Fields, as track and debrief types do.
type selfNaN struct {
	V float64 `json:"v"`
	W float64
}

func (s selfNaN) MarshalJSON() ([]byte, error) { return Fields(s) }

func TestMarshalMatchesEncodingJSON(t *testing.T) {
	// finite values: exactly encoding/json's bytes
	one := 1.5
	v := outer{inner: inner{X: 1, Y: 2, S: "a<b"}, Exported: &Exported{Z: 3}, A: []float64{1, 2e-9, 1e21},
		M: map[string]float64{"b": 1, "a": 2}, P: &inner{X: 3}, B: []byte("hi"), Opt: &one,
		I: []any{"x", 2.0, nil}, K: map[int]string{10: "a", 2: "b"}}
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("finite value:\ngot  %s\nwant %s", got, want)
	}
	// zero values, nils, omitzero
	want, _ = json.Marshal(outer{})
	got, _ = Marshal(outer{})
	if string(got) != string(want) {
		t.Errorf("zero value:\ngot  %s\nwant %s", got, want)
	}
}

func TestMarshalNaNAsNull(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	v := outer{inner: inner{X: nan, Y: 2}, A: []float64{1, nan, -inf}, M: map[string]float64{"k": nan},
		P: &inner{X: 3}, I: []selfNaN{{V: nan, W: 1}}}
	got, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"x":null,"y":2,"a":[1,null,null],"m":{"k":null},"p":{"x":3},"b":null,"i":[{"v":null,"W":1}],"k":null}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := json.Marshal(selfNaN{V: nan}); err != nil {
		t.Errorf("a type whose MarshalJSON calls Fields still fails on NaN: %v", err)
	}
}

func TestFieldsSkipsOwnMarshaler(t *testing.T) {
	got, err := Fields(selfNaN{V: math.NaN(), W: 2})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{"v":null,"W":2}` {
		t.Errorf("got %s", got)
	}
}

func TestMarshalCycleIsAnError(t *testing.T) {
	type node struct {
		Next *node `json:"next"`
	}
	n := &node{}
	n.Next = n
	if _, err := Marshal(n); err == nil {
		t.Error("a cyclic value encoded without error")
	}
}

func TestFillNaN(t *testing.T) {
	var v struct {
		A float64
		B struct{ C float32 }
		D int
	}
	FillNaN(reflect.ValueOf(&v))
	if !math.IsNaN(v.A) || !math.IsNaN(float64(v.B.C)) || v.D != 0 {
		t.Errorf("FillNaN gave %+v", v)
	}
}

// decoded reads null and missing numbers as NaN through Unmarshal.
type decoded struct {
	A float64  `json:"a"`
	B float64  `json:"b"`
	N int      `json:"n"`
	S selfNaN  `json:"s"`
	P *float64 `json:"p"`
}

func (d *decoded) UnmarshalJSON(b []byte) error {
	*d = decoded{N: -1}
	return Unmarshal(b, d)
}

func TestUnmarshalNullAsNaN(t *testing.T) {
	var d decoded
	if err := json.Unmarshal([]byte(`{"a":null,"s":{"W":2}}`), &d); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(d.A) || !math.IsNaN(d.B) || d.N != -1 || !math.IsNaN(d.S.V) || d.S.W != 2 || d.P != nil {
		t.Errorf("decoded %+v", d)
	}
	// a round trip keeps the numbers and the not-knowns
	in := decoded{A: 1.5, B: math.NaN(), N: 3, S: selfNaN{V: math.NaN(), W: 4}}
	b, err := Fields(in)
	if err != nil {
		t.Fatal(err)
	}
	var out decoded
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.A != 1.5 || !math.IsNaN(out.B) || out.N != 3 || !math.IsNaN(out.S.V) || out.S.W != 4 {
		t.Errorf("round trip of %s gave %+v", b, out)
	}
	if err := json.Unmarshal([]byte(`{"a":"x"}`), &out); err == nil {
		t.Error("a string for a number decoded")
	}
	type embeds struct{ decoded }
	if err := Unmarshal([]byte(`{}`), &embeds{}); err == nil {
		t.Error("a struct with an embedded field decoded")
	}
	if err := Unmarshal([]byte(`{}`), decoded{}); err == nil {
		t.Error("a non-pointer decoded")
	}
}
