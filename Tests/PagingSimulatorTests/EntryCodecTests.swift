import PagingCore
import PagingDescriptors
import Testing

@testable import PagingSimulator

/// Entries bit for bit. Each expected value is assembled by hand from the
/// bit positions in the manual the descriptor cites (Intel SDM Vol. 3A
/// tables 4-15 to 4-20; ARM ARM D8.3 for VMSAv8-64 descriptors; RISC-V
/// privileged spec section on Sv39 PTEs), not from the codec.
struct EntryCodecTests {
  @Test func x86_64Entries() throws {
    let codec = try EntryCodec(builtin("x86-64"))
    // PTE: P (bit 0) + R/W (1) + U/S (2) = 0x7, frame 0x1234 at bit 12.
    #expect(codec.leaf(frame: 0x1234, permissions: [.writable, .user, .executable], level: 3).rawValue == 0x123_4007)
    // Not executable: XD is bit 63.
    #expect(codec.leaf(frame: 0x1234, permissions: [.writable, .user], level: 3).rawValue == 0x8000_0000_0123_4007)
    // Read-only kernel page: only P (and XD).
    #expect(codec.leaf(frame: 1, permissions: [.executable], level: 3).rawValue == 0x1001)
    // 2 MiB page in a PDE: PS is bit 7; frame 0x200 is 2 MiB.
    #expect(codec.leaf(frame: 0x200, permissions: [.writable, .user, .executable], level: 2).rawValue == 0x20_0087)
    // 1 GiB page in a PDPTE.
    #expect(codec.leaf(frame: 0x40000, permissions: [.executable], level: 1).rawValue == 0x4000_0081)
    // A pointer to the table in frame 5 passes on its permissions.
    #expect(codec.table(frame: 5, permissions: [.writable, .user, .executable], level: 0).rawValue == 0x5007)
    // The largest frame a 52-bit physical address has: 2^40 - 1 frames, bits 51:12.
    #expect(
      codec.leaf(frame: FrameNumber((1 << 40) - 1), permissions: [.executable], level: 3).rawValue
        == 0x000F_FFFF_FFFF_F001)
  }

  @Test func x86_32Entries() throws {
    let codec = try EntryCodec(builtin("x86-32"))
    #expect(codec.entrySize == 4)
    // 20-bit frame at bit 12, P + R/W; there is no execute-disable bit.
    #expect(codec.leaf(frame: 0xABCDE, permissions: [.writable], level: 1).rawValue == 0xABCD_E003)
    #expect(codec.table(frame: 0xFFFFF, permissions: [.writable, .user], level: 0).rawValue == 0xFFFF_F007)
    // Decoding grants execute, because nothing can take it away.
    #expect(
      codec.decode(PageTableEntry(rawValue: 0xABCD_E003), level: 1)
        == .leaf(frame: 0xABCDE, permissions: [.writable, .executable]))
    // Present clear: whatever else is set, nothing is mapped.
    #expect(codec.decode(PageTableEntry(rawValue: 0xABCD_E006), level: 1) == .notPresent)
  }

  @Test func arm64FourKiBEntries() throws {
    let codec = try EntryCodec(builtin("arm64-4k-48"))
    // Page descriptor at L3: valid (0) + page (1) = 0b11, AP[1] user (6),
    // AF (10); writable means AP[2] (7) clear; UXN (54) when not executable.
    #expect(codec.leaf(frame: 0x12345, permissions: [.writable, .user, .executable], level: 3).rawValue == 0x1234_5443)
    #expect(codec.leaf(frame: 0x12345, permissions: [.writable, .user], level: 3).rawValue == 0x0040_0000_1234_5443)
    // Block at L2 (2 MiB): bit 1 clear; read-only sets AP[2].
    #expect(codec.leaf(frame: 0x200, permissions: [.user, .executable], level: 2).rawValue == 0x20_04C1)
    // Table descriptor: valid + table, no permission bits (none are modelled on pointers).
    #expect(codec.table(frame: 7, permissions: [.writable, .user, .executable], level: 0).rawValue == 0x7003)
    // At L3 a descriptor with bit 1 clear is reserved: it maps nothing.
    #expect(codec.decode(PageTableEntry(rawValue: 0x1234_5441), level: 3) == .notPresent)
    #expect(
      codec.decode(PageTableEntry(rawValue: 0x7003), level: 0)
        == .table(frame: 7, permissions: [.writable, .user, .executable]))
  }

  @Test func riscvSv39Entries() throws {
    let codec = try EntryCodec(builtin("riscv-sv39"))
    // V (0) R (1) W (2) U (4) A (6) = 0x57; PPN at bit 10.
    #expect(codec.leaf(frame: 0x80000, permissions: [.writable, .user], level: 2).rawValue == 0x2000_0057)
    // X is bit 3.
    #expect(codec.leaf(frame: 0x80000, permissions: [.user, .executable], level: 2).rawValue == 0x2000_005B)
    // A pointer is V alone: R, W and X clear.
    #expect(codec.table(frame: 0x80001, permissions: [.writable, .user], level: 0).rawValue == 0x2000_0401)
    // A gigapage at the root is a leaf because R is set.
    #expect(
      codec.decode(PageTableEntry(rawValue: 0x2000_0043), level: 0)
        == .leaf(frame: 0x80000, permissions: []))
    #expect(
      codec.decode(PageTableEntry(rawValue: 0x2000_0401), level: 0)
        == .table(frame: 0x80001, permissions: [.writable, .user, .executable]))
  }

  @Test func teachingMachineOneByteEntries() throws {
    let codec = try EntryCodec(builtin("teaching-15"))
    #expect(codec.entrySize == 1)
    // Bits 7:3 frame, 2 user, 1 writable, 0 present.
    #expect(codec.leaf(frame: 0x1F, permissions: [.writable, .user], level: 1).rawValue == 0xFF)
    #expect(codec.leaf(frame: 2, permissions: [.user], level: 1).rawValue == 0x15)
    #expect(codec.table(frame: 1, permissions: [.writable, .user], level: 0).rawValue == 0x0F)
  }

  /// Decoding what was encoded gives back the frame and permissions, for every
  /// built-in, at every level that can hold a leaf, for every permission set
  /// the format can express.
  @Test(arguments: BuiltinArchitectures.names)
  func encodeDecodeRoundTrip(_ name: String) throws {
    let architecture = builtin(name)
    guard [1, 2, 4, 8].contains(architecture.entrySize) else { return }
    let codec = try EntryCodec(architecture)
    let format = architecture.entryFormat
    var generator = SplitMix64(seed: 42)
    for level in 0..<architecture.levelCount where architecture.levels[level].mapsLeaves {
      // Large-page frames are aligned to the page they map.
      let alignment = UInt64(architecture.entrySpan(atLevel: level) / architecture.pageSize)
      for rawPermissions in UInt8(0)...7 {
        var permissions = Permissions(rawValue: rawPermissions)
        // A format without a bit grants what the bit would: no user bit
        // makes every page the user's, no write bit every page writable.
        if format.user == nil { permissions.insert(.user) }
        if format.write == nil { permissions.insert(.writable) }
        if format.execute == nil { permissions.insert(.executable) }
        // (RISC-V leaves always carry R, so even "no permissions" is a valid leaf.)
        let frame = (generator.next() % (codec.maxFrame.rawValue / alignment + 1)) * alignment
        let entry = codec.leaf(frame: FrameNumber(frame), permissions: permissions, level: level)
        #expect(
          codec.decode(entry, level: level) == .leaf(frame: FrameNumber(frame), permissions: permissions),
          "\(name) level \(level) \(permissions)")
        if architecture.entrySize < 8 {
          #expect(
            entry.rawValue >> UInt64(8 * architecture.entrySize) == 0, "wider than \(architecture.entrySize) bytes")
        }
      }
    }
  }

  /// The branch-free forms the map fast path uses agree with the plain ones,
  /// for every built-in, every permission set and random pointer words.
  @Test(arguments: BuiltinArchitectures.names)
  func fastFormsAgreeWithPlainOnes(_ name: String) throws {
    let architecture = builtin(name)
    guard [1, 2, 4, 8].contains(architecture.entrySize) else { return }
    let codec = try EntryCodec(architecture)
    var generator = SplitMix64(seed: 7)
    for rawPermissions in UInt8(0)...7 {
      let permissions = Permissions(rawValue: rawPermissions)
      let frame = generator.next() % (codec.maxFrame.rawValue + 1)
      #expect(
        codec.bottomLeaf(frame: FrameNumber(frame), permissions: permissions)
          == codec.leaf(frame: FrameNumber(frame), permissions: permissions, level: architecture.bottomLevel))
      for _ in 0..<64 {
        // Pointer words built from real pointers with random permissions.
        let words = (0..<3).map { _ in
          codec.table(
            frame: FrameNumber(generator.next() % (codec.maxFrame.rawValue + 1)),
            permissions: Permissions(rawValue: UInt8(generator.next() % 8)), level: 0
          ).rawValue
        }
        let all = words.reduce(UInt64.max, &)
        let any = words.reduce(0, |)
        #expect(
          codec.pointersAllow(permissions, and: all, or: any)
            == codec.allowedByPointers(and: all, or: any).isSuperset(of: permissions))
      }
    }
  }

  /// Entries are stored little-endian, as on every architecture here.
  @Test func entriesAreStoredLittleEndian() throws {
    let memory = try PhysicalMemory(architecture: builtin("x86-64"), bytes: 1 << 20)
    let table = try memory.allocatePageTable(process: 1, level: 3)
    memory.setEntry(PageTableEntry(rawValue: 0x8000_0000_0123_4007), inTable: table, at: 1)
    let bytes = memory.bytes(ofTable: table)
    #expect(Array(bytes[8..<16]) == [0x07, 0x40, 0x23, 0x01, 0x00, 0x00, 0x00, 0x80])
    #expect(bytes[0..<8].allSatisfy { $0 == 0 } && bytes[16...].allSatisfy { $0 == 0 })
  }
}
