/// What the transparency log says about proofs and receipts, in both languages.
public enum TransparencyMessage {
    public static func beyondTree(_ size: UInt64) -> LocalizedText {
        LocalizedText(zh: "不得超过日志当前的大小 \(size)", en: "must not exceed the log's current size, \(size)")
    }

    public static let leafBeyondSize = LocalizedText(zh: "须小于 size", en: "must be less than size")
    public static let fromBeyondTo = LocalizedText(zh: "不得大于 to", en: "must not be greater than to")

    public static let entryNotLogged = LocalizedText(
        zh: "该条目尚未进入透明日志。", en: "The entry is not in the transparency log yet.")
    public static let shredded = LocalizedText(
        zh: "该条目已被粉碎（其盐值已删除），不再提供收据。", en: "The entry is shredded (its salt was deleted): it no longer has a receipt.")
    public static let nothingPublished = LocalizedText(
        zh: "该主体没有正在公示的信用记录。", en: "The subject has no credit record in publication.")
}
