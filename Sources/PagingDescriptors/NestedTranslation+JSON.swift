import PagingCore
import PagingJSON
import PagingSimulator

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
    pageTableTotals(guest: side.guestPages, host: side.hostPages) + [
      ("guest_page_table_pages_per_level", .array(side.guestPagesPerLevel.map { .integer($0) })),
      ("guest_page_table_bytes", .integer(side.guestBytes)),
      ("host_page_table_pages_per_level", .array(side.hostPagesPerLevel.map { .integer($0) })),
      ("host_page_table_bytes", .integer(side.hostBytes)),
      ("total_page_table_bytes", .integer(side.totalBytes)),
    ]
  }
}

/// `guest_page_table_pages`, `host_page_table_pages` and their total: the
/// keys `paging nested` and `simulate --host` share.
private func pageTableTotals(guest: UInt128, host: UInt128) -> [(String, JSONValue)] {
  [
    ("guest_page_table_pages", .integer(guest)),
    ("host_page_table_pages", .integer(host)),
    ("total_page_table_pages", .integer(guest + host)),
  ]
}

extension NestedImageWalk {
  /// A two-stage walk as `translate --memory --host --format json` prints
  /// it: `references` in order (each a decoded step with its `stage`,
  /// what it is `for` and the `guest_physical_address` involved), then
  /// `guest_physical_address`, `physical_address`, `value`,
  /// `guest_permissions` and `host_permissions`, or `fault_stage`,
  /// `fault_level` and `fault_reason`.
  public func json(address: UInt128, guest: Architecture, host: Architecture) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("guest", .string(guest.name)),
      ("host", .string(host.name)),
      ("virtual_address", .string(formatHex(address))),
      ("memory_references", .integer(references.count)),
      (
        "references",
        .array(
          references.map { reference in
            let arch = reference.stage == .guest ? guest : host
            return .object(
              [
                ("stage", .string(reference.stage.rawValue)),
                ("for", .string(reference.reference.purpose(guest: guest))),
                ("guest_physical_address", .integer(reference.guestPhysicalAddress)),
              ] + reference.step.jsonMembers(in: arch))
          })
      ),
    ]
    if let hostPhysicalAddress {
      members += [
        ("guest_physical_address", guestPhysicalAddress.map { .integer($0) } ?? .null),
        ("physical_address", .integer(hostPhysicalAddress)),
        ("value", value.map { .integer($0) } ?? .null),
        ("guest_permissions", .string(guestPermissions?.description ?? "")),
        ("host_permissions", .string(hostPermissions?.description ?? "")),
      ]
    } else {
      members += [
        ("fault_stage", faultStage.map { .string($0.rawValue) } ?? .null),
        ("fault_level", faultLevel.map { .string($0) } ?? .null),
        ("fault_reason", .string(faultReason ?? "")),
      ]
    }
    return .object(members)
  }
}

extension HostedGuestSummary {
  /// `simulate --host --format json`'s `nested` member: each side's
  /// page-table pages and their total, the roots, and the walk check.
  public var json: JSONValue {
    var members: [(String, JSONValue)] =
      pageTableTotals(guest: guestPageTablePages, host: hostPageTablePages) + [
        ("host_root", .integer(hostRoot)),
        (
          "guest_roots",
          .array(
            guestRoots.map {
              .object([("name", .string($0.name)), ("guest_physical_address", .integer($0.guestPhysicalAddress))])
            })
        ),
        ("walks_checked", .integer(walksChecked)),
        ("walks_agree", .bool(disagreement == nil)),
      ]
    if let example {
      members.append(
        (
          "example",
          .object([
            ("virtual_address", .string(formatHex(example.pointer))),
            ("memory_references", .integer(example.references)),
          ])
        ))
    }
    return .object(members)
  }
}
