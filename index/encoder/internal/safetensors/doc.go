// Package safetensors reads the float32 tensors of a .safetensors file:
// an 8-byte little-endian header length, a JSON header mapping each
// tensor's name to {dtype, shape, data_offsets}, then the raw data.
// It is used by the generator and by the encoder's fidelity test.
//
// Files: safetensors.go (Parse, the File and its Tensors).
package safetensors
