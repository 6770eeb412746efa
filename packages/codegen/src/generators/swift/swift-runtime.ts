/**
 * The Swift runtime shipped with every generated package: JSON value, errors, cookie jar over a
 * pluggable store (memory, Keychain) and the async JSON-RPC transport over an ephemeral URLSession.
 */
export const SWIFT_RUNTIME = String.raw`import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Security)
import Security
#endif

/** Any JSON value, for schemas the spec leaves open. */
public enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/** A coding key made at run time, for discriminators and extra properties. */
public struct DynamicKey: CodingKey, Hashable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}

/** A JSON-RPC error or an HTTP failure; name is the error's data.name (e.g. InvalidCredentialsException). */
public struct BlocksError: Error, CustomStringConvertible {
    public let code: Int
    public let message: String
    public let name: String?
    public let retriable: Bool
    public let data: JSONValue?

    public var description: String { "\(name ?? "BlocksError") (\(code)): \(message)" }
}

/** One stored cookie. */
public struct StoredCookie: Codable, Equatable {
    public var value: String
    public var expiresAt: Date?
    public var secure: Bool
}

/** Where a CookieJar keeps its cookies, keyed "host|name". */
public protocol CookieStore: AnyObject {
    func load() -> [String: StoredCookie]
    func save(_ key: String, _ cookie: StoredCookie?)
    func clear()
}

/** Cookies in memory only. */
public final class MemoryCookieStore: CookieStore {
    private var cookies: [String: StoredCookie] = [:]
    public init() {}
    public func load() -> [String: StoredCookie] { cookies }
    public func save(_ key: String, _ cookie: StoredCookie?) { cookies[key] = cookie }
    public func clear() { cookies.removeAll() }
}

#if canImport(Security)
/** Cookies in the Keychain (one generic password item per cookie), surviving app restarts. */
public final class KeychainCookieStore: CookieStore {
    private let service: String
    public init(service: String = "blockyard.cookies") { self.service = service }

    public func load() -> [String: StoredCookie] {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecMatchLimit as String: kSecMatchLimitAll,
            kSecReturnAttributes as String: true,
            kSecReturnData as String: true,
        ]
        var items: CFTypeRef?
        guard SecItemCopyMatching(query as CFDictionary, &items) == errSecSuccess,
              let list = items as? [[String: Any]] else { return [:] }
        var cookies: [String: StoredCookie] = [:]
        for item in list {
            if let key = item[kSecAttrAccount as String] as? String,
               let data = item[kSecValueData as String] as? Data,
               let cookie = try? JSONDecoder().decode(StoredCookie.self, from: data) {
                cookies[key] = cookie
            }
        }
        return cookies
    }

    public func save(_ key: String, _ cookie: StoredCookie?) {
        let base: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: key,
        ]
        SecItemDelete(base as CFDictionary)
        guard let cookie = cookie, let data = try? JSONEncoder().encode(cookie) else { return }
        var add = base
        add[kSecValueData as String] = data
        add[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        SecItemAdd(add as CFDictionary, nil)
    }

    public func clear() {
        let query: [String: Any] = [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service]
        SecItemDelete(query as CFDictionary)
    }
}
#endif

/** Session cookies by host and name; honours Max-Age (0 deletes), Expires and Secure. */
public final class CookieJar {
    private let store: CookieStore
    private let now: () -> Date
    private let lock = NSLock()

    public init(store: CookieStore = MemoryCookieStore(), now: @escaping () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    /** The Cookie header for a request to host, or nil. */
    public func header(host: String, secure: Bool) -> String? {
        lock.lock()
        defer { lock.unlock() }
        var parts: [String] = []
        for (key, cookie) in store.load().sorted(by: { $0.key < $1.key }) {
            if let expiresAt = cookie.expiresAt, expiresAt <= now() {
                store.save(key, nil)
                continue
            }
            let prefix = host + "|"
            guard key.hasPrefix(prefix), !cookie.secure || secure else { continue }
            parts.append(String(key.dropFirst(prefix.count)) + "=" + cookie.value)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /** Applies one Set-Cookie header received from host. */
    public func receive(host: String, setCookie: String) {
        let attributes = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = attributes.first, let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { return }
        let name = String(pair[..<eq]).trimmingCharacters(in: .whitespaces)
        let value = String(pair[pair.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        var expiresAt: Date?
        var maxAgeSeen = false
        var secure = false
        for attribute in attributes.dropFirst() {
            let parts = attribute.split(separator: "=", maxSplits: 1).map(String.init)
            let key = (parts.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let raw = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            if key == "max-age", let seconds = Double(raw) {
                expiresAt = now().addingTimeInterval(seconds)
                maxAgeSeen = true
            } else if key == "expires", !maxAgeSeen {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
                expiresAt = formatter.date(from: raw)
            } else if key == "secure" {
                secure = true
            }
        }
        lock.lock()
        defer { lock.unlock() }
        let key = host + "|" + name
        if value.isEmpty || (expiresAt.map { $0 <= now() } ?? false) {
            store.save(key, nil)
        } else {
            store.save(key, StoredCookie(value: value, expiresAt: expiresAt, secure: secure))
        }
    }

    /** The value of a live cookie, or nil. */
    public func get(host: String, name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let cookie = store.load()[host + "|" + name] else { return nil }
        if let expiresAt = cookie.expiresAt, expiresAt <= now() { return nil }
        return cookie.value
    }

    /** Forgets every cookie. */
    public func clear() {
        lock.lock()
        defer { lock.unlock() }
        store.clear()
    }
}

/** A server the client can talk to. */
public struct BlocksServer: Equatable {
    public let name: String
    public let url: URL
    public init(name: String, url: URL) {
        self.name = name
        self.url = url
    }
}

private struct AnyEncodable: Encodable {
    let value: Encodable
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}

private struct RPCRequest: Encodable {
    let jsonrpc = "2.0"
    let method: String
    let params: [AnyEncodable]
    let id: Int
}

private struct RPCErrorBody: Decodable {
    let code: Int?
    let message: String?
    let data: JSONValue?
}

private struct RPCResponse<R: Decodable>: Decodable {
    let result: R?
    let error: RPCErrorBody?
}

/** The JSON-RPC transport: an ephemeral URLSession that never touches the system cookie store. */
public final class BlocksClient {
    public let url: URL
    public let cookieJar: CookieJar
    private let session: URLSession
    private var nextId = 1
    private let lock = NSLock()

    public init(url: URL, cookieJar: CookieJar = CookieJar()) {
        self.url = url
        self.cookieJar = cookieJar
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    public convenience init(server: BlocksServer, cookieJar: CookieJar = CookieJar()) {
        self.init(url: server.url, cookieJar: cookieJar)
    }

    /** Foundation joins repeated Set-Cookie headers with commas; Expires dates contain commas too. */
    static func splitSetCookie(_ combined: String) -> [String] {
        var lines: [String] = []
        for part in combined.components(separatedBy: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            let head = trimmed.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            if let last = lines.last, !(head.contains("=") && !head.contains(" ")) {
                lines[lines.count - 1] = last + "," + part
            } else {
                lines.append(trimmed)
            }
        }
        return lines
    }

    /** Calls method with positional params (trailing nils beyond required are not sent). */
    public func call<R: Decodable>(_ method: String, _ params: [Encodable?], required: Int) async throws -> R {
        var count = params.count
        while count > required, params[count - 1] == nil { count -= 1 }
        let values = params.prefix(count).map { AnyEncodable(value: $0 ?? JSONValue.null) }
        lock.lock()
        let id = nextId
        nextId += 1
        lock.unlock()
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let host = url.host.map { h in url.port.map { h + ":" + String($0) } ?? h } ?? ""
        let secure = url.scheme == "https" || url.host == "localhost" || url.host == "127.0.0.1"
        if let cookie = cookieJar.header(host: host, secure: secure) {
            request.setValue(cookie, forHTTPHeaderField: "Cookie")
        }
        request.httpBody = try JSONEncoder().encode(RPCRequest(method: method, params: values, id: id))
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if let http = response as? HTTPURLResponse {
            for (key, value) in http.allHeaderFields {
                guard let name = key as? String, name.lowercased() == "set-cookie", let combined = value as? String else { continue }
                for line in BlocksClient.splitSetCookie(combined) { cookieJar.receive(host: host, setCookie: line) }
            }
        }
        let reply = try? JSONDecoder().decode(RPCResponse<R>.self, from: data)
        if let error = reply?.error {
            var name: String?
            var retriable = false
            if case .object(let fields)? = error.data {
                if case .string(let value)? = fields["name"] { name = value }
                if case .bool(let value)? = fields["retriable"] { retriable = value }
            }
            throw BlocksError(code: error.code ?? status, message: error.message ?? "JSON-RPC error", name: name, retriable: retriable, data: error.data)
        }
        guard (200..<300).contains(status), let reply = reply else {
            throw BlocksError(code: status, message: "HTTP error \(status)", name: nil, retriable: false, data: nil)
        }
        if let result = reply.result { return result }
        if let none = Optional<Any>.none as? R { return none }
        throw BlocksError(code: 0, message: "The answer has no result", name: nil, retriable: false, data: nil)
    }
}
`;
