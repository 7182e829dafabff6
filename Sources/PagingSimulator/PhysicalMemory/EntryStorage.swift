import PagingCore

// Entries in table bytes: loads, stores and the scan for present entries,
// for every entry size the simulator stores.
/// Entry `index`, `size` bytes wide, of the table at `bytes`. With `size`
/// held in a local by the caller, the switch is one predictable branch.
@inlinable @inline(__always)
func loadEntry(_ bytes: UnsafeMutableRawPointer, index: Int, size: Int) -> UInt64 {
  // 8-byte entries (x86-64, ARMv8, RISC-V) first: one compare on their path.
  if size == 8 { return bytes.load(fromByteOffset: index &<< 3, as: UInt64.self) }
  switch size {
  case 8: return bytes.load(fromByteOffset: index &<< 3, as: UInt64.self)
  case 4: return UInt64(bytes.load(fromByteOffset: index &<< 2, as: UInt32.self))
  case 2: return UInt64(bytes.load(fromByteOffset: index &<< 1, as: UInt16.self))
  default: return UInt64(bytes.load(fromByteOffset: index, as: UInt8.self))
  }
}

/// Stores `raw` as entry `index`, `size` bytes wide, of the table at `bytes`.
@inlinable @inline(__always)
func storeEntry(_ raw: UInt64, _ bytes: UnsafeMutableRawPointer, index: Int, size: Int) {
  if size == 8 { return bytes.storeBytes(of: raw, toByteOffset: index &<< 3, as: UInt64.self) }
  switch size {
  case 8: bytes.storeBytes(of: raw, toByteOffset: index &<< 3, as: UInt64.self)
  case 4: bytes.storeBytes(of: UInt32(truncatingIfNeeded: raw), toByteOffset: index &<< 2, as: UInt32.self)
  case 2: bytes.storeBytes(of: UInt16(truncatingIfNeeded: raw), toByteOffset: index &<< 1, as: UInt16.self)
  default: bytes.storeBytes(of: UInt8(truncatingIfNeeded: raw), toByteOffset: index, as: UInt8.self)
  }
}

/// Calls `body` with the index and raw word of every entry of the table at
/// `bytes` whose present bit is set, from `start` up to `count`, in order. With 8-byte entries a
/// group of eight empty entries costs one test of their OR, so sparse
/// tables are passed over a cache line at a time.
@inline(__always)
func forEachPresent<E: Error>(
  _ bytes: UnsafeMutableRawPointer, from start: Int = 0, count: Int, size: Int,
  present: PresentBit, _ body: (Int, UInt64) throws(E) -> Void
) throws(E) {
  if size == 8 {
    let words = bytes.assumingMemoryBound(to: UInt64.self)
    var group = start
    while group < count {
      let end = min(group &+ 8, count)
      // Only a group that starts empty is tested whole: dense tables pay
      // one extra test per eight entries.
      if end &- group == 8 && !present.isSet(words[group]) {
        let any =
          (words[group] | words[group &+ 1]) | (words[group &+ 2] | words[group &+ 3])
          | (words[group &+ 4] | words[group &+ 5]) | (words[group &+ 6] | words[group &+ 7])
        if !present.isSet(any) {
          group = end
          continue
        }
      }
      var index = group
      while index < end {
        let raw = words[index]
        if present.isSet(raw) { try body(index, raw) }
        index &+= 1
      }
      group = end
    }
  } else {
    var index = start
    while index < count {
      defer { index &+= 1 }
      let raw = loadEntry(bytes, index: index, size: size)
      if present.isSet(raw) { try body(index, raw) }
    }
  }
}
