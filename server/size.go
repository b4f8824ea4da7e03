package server

import (
	"reflect"
	"unsafe"
)

// retained estimates the bytes of heap memory reachable from the values vs:
// every pointer, slice, string, map and interface is followed once (shared
// data is counted once), each allocation rounded up to the Go allocator's size
// class. It over-counts rather than under-counts: memory shared with other
// values (package-level tables, interned strings) is charged to vs, a pointer
// into the middle of an allocation is charged as its own allocation, and a map
// is charged at a load factor of one half. Function values and unsafe pointers
// are not followed (plans hold none that own memory).
func retained(vs ...any) int64 {
	z := sizer{seen: map[seenKey]struct{}{}, ptrs: map[reflect.Type]bool{}}
	for _, v := range vs {
		z.walk(reflect.ValueOf(v), 0)
	}
	return z.total
}

type seenKey struct {
	addr uintptr
	t    reflect.Type
}

type sizer struct {
	seen  map[seenKey]struct{}
	ptrs  map[reflect.Type]bool // whether a type holds pointers
	total int64
}

// maxDepth bounds the recursion on deep linked structures; plans are shallow.
const maxDepth = 200

// hasPointers reports whether values of t can reference other memory.
func (z *sizer) hasPointers(t reflect.Type) bool {
	if p, ok := z.ptrs[t]; ok {
		return p
	}
	z.ptrs[t] = true // provisional, for recursive types
	var p bool
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.String, reflect.Interface, reflect.Chan:
		p = true
	case reflect.Array:
		p = t.Len() > 0 && z.hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if z.hasPointers(t.Field(i).Type) {
				p = true
				break
			}
		}
	}
	z.ptrs[t] = p
	return p
}

// alloc charges one allocation of n bytes at addr of type t, once; it reports
// whether it was new.
func (z *sizer) alloc(addr uintptr, t reflect.Type, n int64) bool {
	if addr == 0 {
		return false
	}
	k := seenKey{addr, t}
	if _, ok := z.seen[k]; ok {
		return false
	}
	z.seen[k] = struct{}{}
	z.total += sizeClass(n)
	return true
}

// walk charges what v references (v's own bytes are its container's).
func (z *sizer) walk(v reflect.Value, depth int) {
	if depth > maxDepth || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		et := v.Type().Elem()
		if z.alloc(v.Pointer(), et, int64(et.Size())) {
			z.walk(v.Elem(), depth+1)
		}
	case reflect.Slice:
		if v.IsNil() || v.Cap() == 0 {
			return
		}
		et := v.Type().Elem()
		if z.alloc(v.Pointer(), v.Type(), int64(v.Cap())*int64(et.Size())) && z.hasPointers(et) {
			for i := range v.Len() {
				z.walk(v.Index(i), depth+1)
			}
		}
	case reflect.String:
		if v.Len() > 0 {
			z.alloc(uintptr(unsafe.Pointer(unsafe.StringData(v.String()))), v.Type(), int64(v.Len()))
		}
	case reflect.Array:
		if z.hasPointers(v.Type().Elem()) {
			for i := range v.Len() {
				z.walk(v.Index(i), depth+1)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if z.hasPointers(v.Type().Field(i).Type) {
				z.walk(v.Field(i), depth+1)
			}
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		switch e.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			// held directly in the interface word
		default:
			z.total += sizeClass(int64(e.Type().Size())) // boxed copy
		}
		z.walk(e, depth+1)
	case reflect.Map:
		if v.IsNil() {
			return
		}
		kt, vt := v.Type().Key(), v.Type().Elem()
		slots := max(8, 2*int64(v.Len()))
		if !z.alloc(v.Pointer(), v.Type(), 48+slots*(int64(kt.Size())+int64(vt.Size())+1)) {
			return
		}
		if z.hasPointers(kt) || z.hasPointers(vt) {
			it := v.MapRange()
			for it.Next() {
				z.walk(it.Key(), depth+1)
				z.walk(it.Value(), depth+1)
			}
		}
	case reflect.Chan:
		if !v.IsNil() {
			z.alloc(v.Pointer(), v.Type(), 96+int64(v.Cap())*int64(v.Type().Elem().Size()))
		}
	}
}

// sizeClasses are the Go runtime's small-object size classes (runtime/sizeclasses.go).
var sizeClasses = [...]int64{8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
	288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
	2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
	10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}

// sizeClass is the bytes the allocator takes for an n-byte object: its size
// class, or whole 8 KiB pages above 32 KiB.
func sizeClass(n int64) int64 {
	if n <= 0 {
		return 0
	}
	if n > 32768 {
		return (n + 8191) &^ 8191
	}
	lo, hi := 0, len(sizeClasses)-1
	for lo < hi {
		m := (lo + hi) / 2
		if sizeClasses[m] >= n {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return sizeClasses[lo]
}
