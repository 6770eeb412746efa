/**
 * The Kotlin runtime shipped with every generated client: a JSON codec, the error type, an RFC 6265
 * cookie jar over an app-supplied store and the JSON-RPC transport over HttpURLConnection, blocking
 * and as `suspend` functions on kotlinx.coroutines. Accepted by Kotlin 1.3 and kotlinx.coroutines 1.0.
 */
export const KOTLIN_RUNTIME = String.raw`package __PACKAGE__

import java.io.InputStream
import java.net.HttpURLConnection
import java.net.URL
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** A JSON-RPC error, an HTTP failure or an answer that does not fit the spec. */
class BlocksException(
    message: String,
    /** JSON-RPC error code (the HTTP status for transport failures, 0 for a malformed answer). */
    val code: Int,
    /** The stable error name from the error's data.name, e.g. InvalidCredentialsException. */
    val name: String? = null,
    /** True when the same call may succeed later. */
    val retriable: Boolean = false,
    /** The error's data object, as parsed JSON. */
    val data: Any? = null
) : Exception(message) {
    override fun toString(): String = (name ?: "BlocksException") + " (" + code + "): " + message
}

/** True when this is a BlocksException named name. */
fun Throwable.isBlocksError(name: String): Boolean = this is BlocksException && this.name == name

/** A small JSON codec: objects are Map<String, Any?>, arrays List<Any?>, numbers Long or Double. */
object Json {
    fun parse(text: String): Any? {
        val reader = Reader(text)
        val value = reader.value()
        reader.skipSpace()
        if (reader.pos != text.length) throw malformed("trailing characters")
        return value
    }

    fun stringify(value: Any?): String {
        val out = StringBuilder()
        write(value, out)
        return out.toString()
    }

    private fun write(value: Any?, out: StringBuilder) {
        when (value) {
            null -> out.append("null")
            is String -> writeString(value, out)
            is Boolean -> out.append(if (value) "true" else "false")
            is Double -> {
                if (value.isNaN() || value.isInfinite()) throw malformed("not a finite number")
                if (value == Math.floor(value) && Math.abs(value) < 1e15) out.append(value.toLong()) else out.append(value)
            }
            is Float -> write(value.toDouble(), out)
            is Number -> out.append(value.toLong())
            is Map<*, *> -> {
                out.append('{')
                var first = true
                for ((key, item) in value) {
                    if (!first) out.append(',')
                    first = false
                    writeString(key.toString(), out)
                    out.append(':')
                    write(item, out)
                }
                out.append('}')
            }
            is Iterable<*> -> {
                out.append('[')
                var first = true
                for (item in value) {
                    if (!first) out.append(',')
                    first = false
                    write(item, out)
                }
                out.append(']')
            }
            else -> throw malformed("cannot encode " + value.javaClass.name)
        }
    }

    private fun writeString(value: String, out: StringBuilder) {
        out.append('"')
        for (c in value) {
            when {
                c == '"' -> out.append("\\\"")
                c == '\\' -> out.append("\\\\")
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
                c == '\t' -> out.append("\\t")
                c < ' ' -> out.append(String.format("\\u%04x", c.toInt()))
                else -> out.append(c)
            }
        }
        out.append('"')
    }

    private class Reader(val text: String) {
        var pos = 0

        fun skipSpace() {
            while (pos < text.length && text[pos].isWhitespace()) pos++
        }

        fun value(): Any? {
            skipSpace()
            if (pos >= text.length) throw malformed("unexpected end")
            val c = text[pos]
            return when {
                c == '{' -> obj()
                c == '[' -> arr()
                c == '"' -> str()
                text.startsWith("true", pos) -> { pos += 4; true }
                text.startsWith("false", pos) -> { pos += 5; false }
                text.startsWith("null", pos) -> { pos += 4; null }
                else -> num()
            }
        }

        private fun obj(): Map<String, Any?> {
            val map = LinkedHashMap<String, Any?>()
            pos++
            skipSpace()
            if (pos < text.length && text[pos] == '}') { pos++; return map }
            while (true) {
                skipSpace()
                if (pos >= text.length || text[pos] != '"') throw malformed("expected a key")
                val key = str()
                skipSpace()
                if (pos >= text.length || text[pos] != ':') throw malformed("expected ':'")
                pos++
                map[key] = value()
                skipSpace()
                if (pos >= text.length) throw malformed("unexpected end")
                if (text[pos] == ',') { pos++; continue }
                if (text[pos] == '}') { pos++; return map }
                throw malformed("expected ',' or '}'")
            }
        }

        private fun arr(): List<Any?> {
            val list = ArrayList<Any?>()
            pos++
            skipSpace()
            if (pos < text.length && text[pos] == ']') { pos++; return list }
            while (true) {
                list.add(value())
                skipSpace()
                if (pos >= text.length) throw malformed("unexpected end")
                if (text[pos] == ',') { pos++; continue }
                if (text[pos] == ']') { pos++; return list }
                throw malformed("expected ',' or ']'")
            }
        }

        private fun str(): String {
            val out = StringBuilder()
            pos++
            while (pos < text.length) {
                val c = text[pos++]
                if (c == '"') return out.toString()
                if (c != '\\') { out.append(c); continue }
                if (pos >= text.length) break
                val e = text[pos++]
                when (e) {
                    'n' -> out.append('\n')
                    't' -> out.append('\t')
                    'r' -> out.append('\r')
                    'b' -> out.append('\b')
                    'f' -> out.append('\u000c')
                    'u' -> {
                        if (pos + 4 > text.length) throw malformed("bad escape")
                        out.append(text.substring(pos, pos + 4).toInt(16).toChar())
                        pos += 4
                    }
                    else -> out.append(e)
                }
            }
            throw malformed("unterminated string")
        }

        private fun num(): Any {
            val start = pos
            while (pos < text.length && (text[pos].isDigit() || text[pos] in "+-.eE")) pos++
            val raw = text.substring(start, pos)
            if (raw.length == 0) throw malformed("unexpected character")
            return raw.toLongOrNull() ?: raw.toDoubleOrNull() ?: throw malformed("bad number")
        }
    }

    private fun malformed(what: String) = BlocksException("Malformed JSON: " + what, 0)

    fun obj(v: Any?): Map<String, Any?> {
        if (v !is Map<*, *>) throw BlocksException("Expected a JSON object", 0)
        @Suppress("UNCHECKED_CAST")
        return v as Map<String, Any?>
    }

    fun list(v: Any?): List<Any?> = v as? List<Any?> ?: throw BlocksException("Expected a JSON array", 0)
    fun str(v: Any?): String = v as? String ?: throw BlocksException("Expected a string", 0)
    fun num(v: Any?): Double = (v as? Number)?.toDouble() ?: throw BlocksException("Expected a number", 0)
    fun long(v: Any?): Long = (v as? Number)?.toLong() ?: throw BlocksException("Expected an integer", 0)
    fun bool(v: Any?): Boolean = v as? Boolean ?: throw BlocksException("Expected a boolean", 0)
    fun <T> opt(v: Any?, decode: (Any?) -> T): T? = if (v == null) null else decode(v)
}

/** One cookie as RFC 6265 stores it; expiresAt is epoch milliseconds, null until the app ends. */
data class Cookie(
    val name: String,
    val value: String,
    /** The host (hostOnly) or the domain and its subdomains the cookie is sent to. */
    val domain: String,
    val hostOnly: Boolean,
    val path: String,
    val expiresAt: Long?,
    /** Sent over https only. */
    val secure: Boolean,
    val httpOnly: Boolean
) {
    /** Never shows the value: it is a session token. */
    override fun toString(): String =
        "Cookie(name=" + name + ", domain=" + domain + ", path=" + path + ", secure=" + secure + ", value=***)"
}

/**
 * Where a CookieJar keeps its cookies across app restarts: back it with encrypted storage
 * (EncryptedSharedPreferences, the Keychain). Called under the jar's lock.
 */
interface CookieStore {
    fun load(): List<Cookie>
    fun save(cookies: List<Cookie>)
}

/** A CookieStore that forgets everything when the process ends. */
class MemoryCookieStore : CookieStore {
    private var cookies: List<Cookie> = emptyList()
    override fun load(): List<Cookie> = cookies
    override fun save(cookies: List<Cookie>) {
        this.cookies = cookies
    }
}

/**
 * Cookies per RFC 6265: Domain (host-only without it), Path (default: the request's directory),
 * Max-Age (before Expires; 0 or less deletes), Expires, Secure (sent over https only), HttpOnly.
 */
class CookieJar(
    private val store: CookieStore = MemoryCookieStore(),
    private val clock: () -> Long = { System.currentTimeMillis() }
) {
    private val cookies = ArrayList<Cookie>()
    private var loaded = false

    private fun live(): ArrayList<Cookie> {
        if (!loaded) {
            cookies.addAll(store.load())
            loaded = true
        }
        val now = clock()
        if (cookies.removeAll { it.expiresAt != null && it.expiresAt <= now }) store.save(ArrayList(cookies))
        return cookies
    }

    private fun matching(url: URL): List<Cookie> {
        val host = url.host.toLowerCase()
        val path = if (url.path.isEmpty()) "/" else url.path
        val https = url.protocol == "https"
        return live()
            .filter { domainMatches(it, host) && pathMatches(path, it.path) && (!it.secure || https) }
            .sortedByDescending { it.path.length }
    }

    /** The Cookie header for a request to url, or null. */
    @Synchronized
    fun header(url: URL): String? {
        val found = matching(url)
        return if (found.isEmpty()) null else found.joinToString("; ") { it.name + "=" + it.value }
    }

    /** The value of the cookie name a request to url would carry, or null. */
    @Synchronized
    fun get(url: URL, name: String): String? = matching(url).firstOrNull { it.name == name }?.value

    /** Every live cookie. */
    @Synchronized
    fun cookies(): List<Cookie> = ArrayList(live())

    /** Applies one Set-Cookie header of the answer to a request for url. */
    @Synchronized
    fun receive(url: URL, setCookie: String) {
        val parts = setCookie.split(";")
        val pair = parts[0]
        val eq = pair.indexOf('=')
        if (eq <= 0) return
        val name = pair.substring(0, eq).trim()
        val value = pair.substring(eq + 1).trim()
        val host = url.host.toLowerCase()
        var domain: String? = null
        var path: String? = null
        var maxAge: Long? = null
        var expires: Long? = null
        var secure = false
        var httpOnly = false
        for (attribute in parts.drop(1)) {
            val aeq = attribute.indexOf('=')
            val key = (if (aeq < 0) attribute else attribute.substring(0, aeq)).trim().toLowerCase()
            val raw = if (aeq < 0) "" else attribute.substring(aeq + 1).trim()
            when (key) {
                "max-age" -> if (Regex("-?[0-9]+").matches(raw)) maxAge = if (raw.startsWith("-")) 0L else minOf(raw.toLongOrNull() ?: MAX_AGE, MAX_AGE)
                "expires" -> parseHttpDate(raw)?.let { expires = it }
                "domain" -> if (raw.isNotEmpty()) domain = raw.removePrefix(".").toLowerCase()
                "path" -> path = if (raw.startsWith("/")) raw else null
                "secure" -> secure = true
                "httponly" -> httpOnly = true
            }
        }
        val cookieDomain = domain
        if (cookieDomain != null && host != cookieDomain && (isAddress(host) || !host.endsWith("." + cookieDomain))) return
        val now = clock()
        val age = maxAge
        val expiresAt = if (age != null) (if (age <= 0) 0L else now + age * 1000) else expires
        val cookie = Cookie(
            name, value, cookieDomain ?: host, cookieDomain == null, path ?: defaultPath(url),
            expiresAt, secure, httpOnly
        )
        val all = live()
        all.removeAll { it.name == cookie.name && it.domain == cookie.domain && it.path == cookie.path }
        if (expiresAt == null || expiresAt > now) all.add(cookie)
        store.save(ArrayList(all))
    }

    /** Stores a cookie as it is. */
    @Synchronized
    fun put(cookie: Cookie) {
        val all = live()
        all.removeAll { it.name == cookie.name && it.domain == cookie.domain && it.path == cookie.path }
        all.add(cookie)
        store.save(ArrayList(all))
    }

    /** Forgets every cookie (signing out locally). */
    @Synchronized
    fun clear() {
        cookies.clear()
        loaded = true
        store.save(emptyList())
    }

    private companion object {
        /** Longer lifetimes are cut to 400 days, as browsers do. */
        const val MAX_AGE = 400L * 24 * 3600
    }

    private fun domainMatches(cookie: Cookie, host: String): Boolean =
        host == cookie.domain || (!cookie.hostOnly && !isAddress(host) && host.endsWith("." + cookie.domain))

    private fun pathMatches(path: String, cookiePath: String): Boolean =
        path == cookiePath ||
            (path.startsWith(cookiePath) && (cookiePath.endsWith("/") || path[cookiePath.length] == '/'))

    private fun defaultPath(url: URL): String {
        val path = url.path
        if (!path.startsWith("/") || path.lastIndexOf('/') == 0) return "/"
        return path.substring(0, path.lastIndexOf('/'))
    }

    private fun isAddress(host: String): Boolean = host.contains(':') || Regex("[0-9.]+").matches(host)

    private fun parseHttpDate(raw: String): Long? = try {
        java.time.ZonedDateTime.parse(raw, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
    } catch (e: Exception) {
        null
    }
}

/**
 * The JSON-RPC transport: POSTs each call to url (required, e.g. http://10.0.2.2:3001/aws-blocks/api
 * from the Android emulator) and keeps cookies in cookieJar. call blocks the calling thread;
 * callSuspending runs it on dispatcher (Dispatchers.IO by default).
 */
class BlocksClient(
    url: String,
    val cookieJar: CookieJar = CookieJar(),
    private val timeoutMillis: Int = 30000,
    val dispatcher: CoroutineDispatcher = Dispatchers.IO
) {
    val url: URL = parseUrl(url)
    private var nextId = 1L

    /** Calls method with positional params and returns the parsed result, blocking the thread. */
    fun call(method: String, params: List<Any?>): Any? {
        val id = synchronized(this) { nextId++ }
        val body = Json.stringify(linkedMapOf("jsonrpc" to "2.0", "method" to method, "params" to params, "id" to id))
        val connection = url.openConnection() as HttpURLConnection
        try {
            connection.requestMethod = "POST"
            connection.doOutput = true
            connection.instanceFollowRedirects = false
            connection.useCaches = false
            connection.connectTimeout = timeoutMillis
            connection.readTimeout = timeoutMillis
            connection.setRequestProperty("Content-Type", "application/json")
            connection.setRequestProperty("Accept", "application/json")
            cookieJar.header(url)?.let { connection.setRequestProperty("Cookie", it) }
            connection.outputStream.use { it.write(body.toByteArray(Charsets.UTF_8)) }
            val status = connection.responseCode
            for ((key, values) in connection.headerFields) {
                if (key != null && key.equals("set-cookie", ignoreCase = true)) values.forEach { cookieJar.receive(url, it) }
            }
            val stream: InputStream? = if (status >= 400) connection.errorStream else connection.inputStream
            val text = stream?.use { String(it.readBytes(), Charsets.UTF_8) } ?: ""
            val reply = try { Json.parse(text) } catch (e: BlocksException) { null }
            if (reply is Map<*, *>) {
                val error = reply["error"]
                if (error is Map<*, *>) {
                    val data = error["data"]
                    val dataMap = data as? Map<*, *>
                    throw BlocksException(
                        error["message"] as? String ?: "JSON-RPC error",
                        (error["code"] as? Number)?.toInt() ?: status,
                        dataMap?.get("name") as? String,
                        dataMap?.get("retriable") == true,
                        data
                    )
                }
                if (status in 200..299 && reply.containsKey("result")) return reply["result"]
            }
            throw BlocksException("HTTP error " + status, status)
        } finally {
            connection.disconnect()
        }
    }

    /** call as a suspend function: runs on dispatcher, so it is safe from any coroutine (Android's main thread too). */
    suspend fun callSuspending(method: String, params: List<Any?>): Any? = withContext(dispatcher) { call(method, params) }

    private companion object {
        fun parseUrl(url: String): URL {
            val parsed = try { URL(url) } catch (e: Exception) { null }
            require(parsed != null && (parsed.protocol == "http" || parsed.protocol == "https") && parsed.host.isNotEmpty()) {
                "BlocksClient needs the API's http(s) URL, e.g. http://10.0.2.2:3001/aws-blocks/api; got: " + url
            }
            return parsed
        }
    }
}
`;
