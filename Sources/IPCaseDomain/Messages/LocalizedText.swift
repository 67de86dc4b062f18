/// A user-visible text in both languages the district works in.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func map(_ transform: (String) -> String) -> LocalizedText {
        LocalizedText(zh: transform(zh), en: transform(en))
    }
}
