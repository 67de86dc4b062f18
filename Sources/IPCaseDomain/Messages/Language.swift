import Foundation
/// The languages every text a person reads exists in.
public enum Language: String, Sendable, CaseIterable {
    case zhCN = "zh-CN"
    case en

    /// The best match for an `Accept-Language` header (RFC 9110 §12.5.4), by quality and then order;
    /// zh-CN, the district's language, when nothing matches or nothing is asked.
    public init(acceptLanguage header: String?) {
        var best: (language: Language, quality: Double)?
        for item in (header ?? "").split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first?.lowercased(), !range.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let language: Language? = switch range {
            case "zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg", "*": .zhCN
            case _ where range.hasPrefix("zh"): .zhCN
            case "en", _ where range.hasPrefix("en-"): .en
            default: nil
            }
            guard let language, quality > 0 else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        self = best?.language ?? .zhCN
    }
}

extension LocalizedText {
    public func text(in language: Language) -> String { language == .en ? en : zh }
}
