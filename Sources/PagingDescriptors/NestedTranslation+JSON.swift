import PagingCore
import PagingJSON

extension NestedTranslation {
  /// The answer as `paging nested --format json` prints it: `guest`,
  /// `host`, their level counts, `walk_memory_references` (the worst case,
  /// base pages in both stages) with its `walk_guest_references` and
  /// `walk_host_references`, the base walk's `references` in order, `walks`
  /// for every pair of page sizes, `notes`, and with a virtual machine's
  /// size its tables: `guest_page_table_pages`, `host_page_table_pages`,
  /// their totals and bytes, and the same with large pages under
  /// `large_pages`.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("guest", .string(guest.name)),
      ("host", .string(host.name)),
      ("guest_levels", .integer(guest.levelCount)),
      ("host_levels", .integer(host.levelCount)),
      ("walk_memory_references", .integer(baseWalk.memoryReferences)),
      ("walk_guest_references", .integer(baseWalk.guestReads)),
      ("walk_host_references", .integer(baseWalk.hostReads)),
      (
        "references",
        .array(
          baseWalk.references.map { reference in
            .object([
              ("stage", .string(reference.stage.rawValue)),
              ("level", .string(reference.levelName(guest: guest, host: host))),
              ("for", .string(reference.purpose(guest: guest))),
            ])
          })
      ),
      (
        "walks",
        .array(
          walks.map { walk in
            .object([
              ("guest_page_size", .integer(walk.guestPageSize)),
              ("host_page_size", .integer(walk.hostPageSize)),
              ("guest_references", .integer(walk.guestReads)),
              ("host_references_per_walk", .integer(walk.hostReadsPerWalk)),
              ("host_walks", .integer(walk.hostWalks)),
              ("memory_references", .integer(walk.memoryReferences)),
            ])
          })
      ),
      ("notes", .array(notes.map { .string($0) })),
    ]
    if let tables {
      members += [
        ("guest_memory_bytes", .integer(tables.size.guestMemoryBytes)),
        ("mapped_bytes", .integer(tables.size.mappedBytes)),
        ("processes", .integer(tables.size.processes)),
        ("guest_page_size", .integer(tables.guestPageSize)),
        ("host_page_size", .integer(tables.hostPageSize)),
        ("guest_bytes_used", .integer(tables.guestBytesUsed)),
      ]
      members += Self.tableMembers(tables.side(largePages: false))
      members.append(("large_pages", .object(Self.tableMembers(tables.side(largePages: true)))))
    }
    return .object(members)
  }

  private static func tableMembers(_ side: VirtualMachineTables.Side) -> [(String, JSONValue)] {
    Self.pageTableTotalsJSON(guest: side.guestPages, host: side.hostPages) + [
      ("guest_page_table_pages_per_level", .array(side.guestPagesPerLevel.map { .integer($0) })),
      ("guest_page_table_bytes", .integer(side.guestBytes)),
      ("host_page_table_pages_per_level", .array(side.hostPagesPerLevel.map { .integer($0) })),
      ("host_page_table_bytes", .integer(side.hostBytes)),
      ("total_page_table_bytes", .integer(side.totalBytes)),
    ]
  }
}

extension NestedTranslation {
  /// `guest_page_table_pages`, `host_page_table_pages` and their total: the
  /// keys `paging nested` and `simulate --host` share, written here once.
  public static func pageTableTotalsJSON(guest: UInt128, host: UInt128) -> [(String, JSONValue)] {
    [
      ("guest_page_table_pages", .integer(guest)),
      ("host_page_table_pages", .integer(host)),
      ("total_page_table_pages", .integer(guest + host)),
    ]
  }
}
