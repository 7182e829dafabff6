import PagingCore

/// How the kernel's VmPTE compares with the prediction.
public enum VmPTEComparison: Sendable, Equatable {
  /// Equal, to the byte.
  case agrees
  /// The kernel holds this many more page-table pages than the populated
  /// pages need; `vvar` says whether the `[vvar]` pages, invisible to
  /// pagemap, account for exactly that many.
  case kernelHoldsMore(pages: UInt128, vvar: Bool)
  /// The kernel holds this many fewer: the process changed while it was read.
  case kernelHoldsFewer(pages: UInt128)
  /// Only the mappings were read: the prediction is an upper bound.
  case upperBound
  /// The snapshot has no VmPTE.
  case notReported
}

extension ProcessAnalysis {
  /// Predicted against reported.
  public var comparison: VmPTEComparison {
    guard let reported = reportedVmPTEBytes else { return .notReported }
    if isUpperBound { return .upperBound }
    if reported == predictedVmPTEBytes { return .agrees }
    if reported > predictedVmPTEBytes {
      let pages = (reported - predictedVmPTEBytes) / architecture.pageSize
      return .kernelHoldsMore(pages: pages, vvar: pfnMapTables == pages)
    }
    return .kernelHoldsFewer(pages: (predictedVmPTEBytes - reported) / architecture.pageSize)
  }
}

/// What the process's page tables would take on another architecture.
public struct WhatIfCost: Sendable, Equatable {
  /// The architecture's name.
  public let architecture: String
  /// Whether aligned stretches are mapped with the architecture's large pages.
  public let largePages: Bool
  /// The page size the counts are in.
  public let pageSize: UInt128
  /// Why the architecture cannot hold the process, or nil when it can.
  public let reason: String?
  /// Tables for the populated pages (rounded to this architecture's pages);
  /// nil when it cannot hold the process or only the mappings are known.
  public let populated: Footprint?
  /// Tables for every mapped page: the upper bound; nil when it cannot hold the process.
  public let upperBound: Footprint?

  /// Page-table bytes for the populated pages.
  public var pageTableBytes: UInt128? { populated.map { $0.pageTablePages * pageSize } }
  /// Bytes of the populated pages at this page size.
  public var populatedBytes: UInt128? { populated.map { $0.dataPages * pageSize } }
  /// Page-table bytes with every mapped page populated.
  public var upperBoundPageTableBytes: UInt128? { upperBound.map { $0.pageTablePages * pageSize } }
  /// Bytes mapped at this page size.
  public var upperBoundMappedBytes: UInt128? { upperBound.map { $0.dataPages * pageSize } }
}

extension ProcessAnalysis {
  /// The process on each of `architectures`: base pages, and large pages
  /// where the architecture has them.
  public func whatIf(on architectures: [Architecture]) -> [WhatIfCost] {
    let mappingRanges = snapshot.mappings.map { AddressRange(start: UInt128($0.start), end: UInt128($0.end)) }
    let populatedRanges = snapshot.populated?.map { AddressRange(start: UInt128($0.start), end: UInt128($0.end)) }
    var costs: [WhatIfCost] = []
    for arch in architectures {
      let options = arch.largePageSizes.isEmpty ? [false] : [false, true]
      let reason = Self.reasonItCannotHold(snapshot.mappings, on: arch)
      for largePages in options {
        guard reason == nil else {
          costs.append(
            WhatIfCost(
              architecture: arch.name, largePages: largePages, pageSize: arch.pageSize,
              reason: reason, populated: nil, upperBound: nil))
          continue
        }
        costs.append(
          WhatIfCost(
            architecture: arch.name, largePages: largePages, pageSize: arch.pageSize, reason: nil,
            populated: populatedRanges.map { arch.footprint(of: $0, largePages: largePages) },
            upperBound: arch.footprint(of: mappingRanges, largePages: largePages)))
      }
    }
    return costs
  }

  /// Why `arch` cannot map every one of `mappings` where the process has
  /// it, or nil. x86-32 stops at 4 GiB, Sv39's lower half at 256 GiB.
  static func reasonItCannotHold(_ mappings: [ProcessMapping], on arch: Architecture) -> String? {
    for mapping in mappings.reversed() {
      do throws(AddressError) {
        _ = try arch.translatedRange(start: UInt128(mapping.start), length: UInt128(mapping.length))
      } catch {
        let limit = arch.upperBits == .signExtend ? arch.addressSpaceBytes / 2 : arch.addressSpaceBytes
        let what = mapping.name.isEmpty ? "" : " (\(quotedForMessage(mapping.name, limit: 40)))"
        let whose = arch.upperBits == .signExtend ? "its user addresses end" : "its addresses end"
        return
          "\(whose) at \(formatHex(limit)), and the process maps \(formatHex(mapping.start))-\(formatHex(mapping.end))\(what)"
      }
    }
    return nil
  }
}
