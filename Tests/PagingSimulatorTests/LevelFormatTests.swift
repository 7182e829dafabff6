import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// Levels whose entries differ from the rest: PAE's PDPTEs (Intel SDM Vol.
/// 3A, "PAE Paging", the PDPTE format table: bit 0 present, bits 2:1, 8:5
/// and 63:MAXPHYADDR reserved, bits 3 and 4 PWT and PCD, the page
/// directory's address from bit 12; no R/W, U/S or XD).
@Suite struct LevelFormatTests {
  /// The simulator writes a PDPTE with P and the address only.
  @Test func simulatedPDPTEsLeaveTheReservedBitsClear() throws {
    let machine = try Machine(architecture: builtin("x86-32-pae"), memoryBytes: 1 << 24)
    let process = try machine.createProcess()
    try machine.allocate(
      in: process,
      AllocationRequest(
        start: 0xC000_0000, count: 1, size: 4096,
        permissions: [.writable, .user, .executable]))
    let raw = machine.memory.entry(inTable: process.root, at: 3).rawValue
    #expect(raw & 1 == 1)
    #expect(raw & 0b110 == 0)  // bits 2:1
    #expect(raw & 0b1_1110_0000 == 0)  // bits 8:5
    #expect(raw >> 52 == 0)  // bits 63:52
    // The user's page is still the user's, writable: the PDPTE restricts nothing.
    let it = machine.iterator(for: process, at: 0xC000_0000)
    #expect(it.permissions == [.writable, .user, .executable])
    try machine.exit(process)
    #expect(machine.memory.allocatedFrames == 0)
  }

  /// A PDPTE as hardware wants it (0x2001: P and a directory at 0x2000)
  /// above a user-writable PDE and PTE: the walk allows everything the PTE
  /// allows. The same PDPTE with bit 1 set is a reserved-bit fault.
  @Test func aHardwareValidPDPTERestrictsNothing() throws {
    var image = MemoryImage(pageSize: 4096)
    func page(_ entries: [Int: UInt64]) -> [UInt8] {
      var bytes = [UInt8](repeating: 0, count: 4096)
      for (index, raw) in entries {
        for byte in 0..<8 { bytes[index * 8 + byte] = UInt8(truncatingIfNeeded: raw >> (8 * UInt64(byte))) }
      }
      return bytes
    }
    image.setPage(1, bytes: page([0: 0x2001, 1: 0x2003]))  // PDPT: index 1 sets reserved bit 1
    image.setPage(2, bytes: page([0: 0x3007]))  // PD: P, R/W, U/S -> PT
    image.setPage(3, bytes: page([5: 0x4007]))  // PT[5]: P, R/W, U/S -> 0x4000
    let arch = builtin("x86-32-pae")
    let walk = try image.walk(0x5123, architecture: arch, rootAddress: 0x1000)
    #expect(walk.physicalAddress == 0x4123)
    #expect(walk.permissions == [.writable, .user, .executable])
    let bad = try image.walk(0x4000_5123, architecture: arch, rootAddress: 0x1000)
    #expect(bad.physicalAddress == nil)
    #expect(bad.faultReason == "the PDPT entry sets reserved bits (0x2)")
  }

  /// PSE-36 (Intel SDM Vol. 3A, "32-Bit Paging", the 4-MByte PDE format):
  /// PDE 0x34425087 has bits 31:22 = 0xD1 (address bits 31:22, so
  /// 0x3440_0000), bits 20:13 = 0x12 (address bits 39:32), PAT (bit 12),
  /// PS, U/S, R/W and P. 0x412345 is PD index 1, offset 0x12345 in the
  /// page: 0x12_3441_2345, above 4 GiB.
  @Test func aPSE36PageReachesAbove4GiB() throws {
    var image = MemoryImage(pageSize: 4096)
    var directory = [UInt8](repeating: 0, count: 4096)
    for byte in 0..<4 { directory[4 + byte] = UInt8(truncatingIfNeeded: 0x3442_5087 >> (8 * byte)) }
    image.setPage(1, bytes: directory)
    let arch = builtin("x86-32-pse")
    let walk = try image.walk(0x41_2345, architecture: arch, rootAddress: 0x1000)
    #expect(walk.physicalAddress == 0x12_3441_2345)
    // The encoder puts the same address back in the same bits (PAT clear).
    let codec = try EntryCodec(arch)
    let entry = codec.leaf(frame: 0x123_4400, permissions: [.writable, .user, .executable], level: 0)
    #expect(entry.rawValue == 0x3442_4087)
    #expect(codec.decode(entry, level: 0) == .leaf(frame: 0x123_4400, permissions: [.writable, .user, .executable]))
  }

  @Test func reservedBitsMayNotCoverTheFrame() {
    let format = ArchitectureSpec.EntryFormatSpec.conventional(entrySize: 8, offsetBits: 12, physicalAddressBits: 52)
    let spec = ArchitectureSpec(
      name: "pae", title: "pae", summary: "pae", virtualAddressBits: 32, physicalAddressBits: 52, pageSize: 4096,
      entrySize: 8,
      levels: [
        .init(name: "PDPT", indexBits: 2, pointerPermissions: false, reserved: [12...13]),
        .init(name: "PD", indexBits: 9), .init(name: "PT", indexBits: 9),
      ],
      entryFormat: format, sources: ["SDM"])
    #expect(
      throws: ArchitectureError(
        path: "levels[0].entry_format.reserved[0]",
        "bits 13 to 12 overlap the present bit or the frame number")
    ) {
      try Architecture(validating: spec)
    }
  }
}
