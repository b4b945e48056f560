package vectors

import "unsafe"

// unsafeRow is the bytes of s, which holds Dim bytes, as a vector without a
// copy: s is part of the embedded table, which is never written.
func unsafeRow(s string) Vec { return (*[Dim]int8)(unsafe.Pointer(unsafe.StringData(s))) }
