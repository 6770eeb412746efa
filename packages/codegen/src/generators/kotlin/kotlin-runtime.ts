/**
 * The Kotlin runtime shipped with every generated client: a JSON codec, the error type, a cookie jar
 * and the JSON-RPC transport over HttpURLConnection. JDK only; accepted by Kotlin 1.3.
 */
export const KOTLIN_RUNTIME = String.raw`package __PACKAGE__

import java.io.InputStream
import java.net.HttpURLConnection
import java.net.URL

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
) : Exception(message)

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

/** Where session cookies live between calls; keyed by host and cookie name. */
interface CookieJar {
    /** The Cookie header value for a request to host, or null. */
    fun header(host: String, secure: Boolean): String?
    /** Applies one Set-Cookie header received from host. */
    fun receive(host: String, setCookie: String)
    /** The value of a live cookie, or null. */
    fun get(host: String, name: String): String?
    /** Stores a cookie; expiresAt is epoch milliseconds, null for a session cookie. */
    fun put(host: String, name: String, value: String, expiresAt: Long? = null, secure: Boolean = false)
    /** Forgets every cookie. */
    fun clear()
}

/** A CookieJar in memory that honours Max-Age (0 deletes), Expires and Secure. */
class MemoryCookieJar(private val clock: () -> Long = { System.currentTimeMillis() }) : CookieJar {
    private class Entry(val value: String, val expiresAt: Long?, val secure: Boolean)
    private val cookies = LinkedHashMap<String, Entry>()

    @Synchronized
    override fun header(host: String, secure: Boolean): String? {
        val now = clock()
        val prefix = host + "|"
        val parts = ArrayList<String>()
        val iterator = cookies.entries.iterator()
        while (iterator.hasNext()) {
            val entry = iterator.next()
            val expiresAt = entry.value.expiresAt
            if (expiresAt != null && expiresAt <= now) { iterator.remove(); continue }
            if (!entry.key.startsWith(prefix)) continue
            if (entry.value.secure && !secure) continue
            parts.add(entry.key.substring(prefix.length) + "=" + entry.value.value)
        }
        return if (parts.isEmpty()) null else parts.joinToString("; ")
    }

    @Synchronized
    override fun receive(host: String, setCookie: String) {
        val attributes = setCookie.split(";").map { it.trim() }
        val pair = attributes.firstOrNull() ?: return
        val eq = pair.indexOf('=')
        if (eq <= 0) return
        val name = pair.substring(0, eq).trim()
        val value = pair.substring(eq + 1).trim()
        var expiresAt: Long? = null
        var secure = false
        for (attribute in attributes.drop(1)) {
            val aeq = attribute.indexOf('=')
            val key = (if (aeq < 0) attribute else attribute.substring(0, aeq)).trim().toLowerCase()
            val raw = if (aeq < 0) "" else attribute.substring(aeq + 1).trim()
            when (key) {
                "max-age" -> raw.toLongOrNull()?.let { expiresAt = clock() + it * 1000 }
                "expires" -> if (expiresAt == null) expiresAt = parseHttpDate(raw)
                "secure" -> secure = true
            }
        }
        val at = expiresAt
        if (value.length == 0 || (at != null && at <= clock())) cookies.remove(host + "|" + name)
        else cookies[host + "|" + name] = Entry(value, at, secure)
    }

    @Synchronized
    override fun get(host: String, name: String): String? {
        val entry = cookies[host + "|" + name] ?: return null
        val expiresAt = entry.expiresAt
        if (expiresAt != null && expiresAt <= clock()) { cookies.remove(host + "|" + name); return null }
        return entry.value
    }

    @Synchronized
    override fun put(host: String, name: String, value: String, expiresAt: Long?, secure: Boolean) {
        cookies[host + "|" + name] = Entry(value, expiresAt, secure)
    }

    @Synchronized
    override fun clear() = cookies.clear()

    private fun parseHttpDate(raw: String): Long? = try {
        java.time.ZonedDateTime.parse(raw, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
    } catch (e: Exception) {
        null
    }
}

/** The JSON-RPC transport: POSTs each call to url, keeps cookies in cookieJar. Calls block the calling thread. */
class BlocksClient(
    val url: String,
    val cookieJar: CookieJar = MemoryCookieJar(),
    private val timeoutMillis: Int = 30000
) {
    private var nextId = 1L

    /** Calls method with positional params and returns the parsed result. */
    fun call(method: String, params: List<Any?>): Any? {
        val target = URL(url)
        val host = target.host + (if (target.port >= 0) ":" + target.port else "")
        val secure = target.protocol == "https" || target.host == "localhost" || target.host == "127.0.0.1"
        val id = synchronized(this) { nextId++ }
        val body = Json.stringify(linkedMapOf("jsonrpc" to "2.0", "method" to method, "params" to params, "id" to id))
        val connection = target.openConnection() as HttpURLConnection
        try {
            connection.requestMethod = "POST"
            connection.doOutput = true
            connection.instanceFollowRedirects = false
            connection.connectTimeout = timeoutMillis
            connection.readTimeout = timeoutMillis
            connection.setRequestProperty("Content-Type", "application/json")
            connection.setRequestProperty("Accept", "application/json")
            cookieJar.header(host, secure)?.let { connection.setRequestProperty("Cookie", it) }
            connection.outputStream.use { it.write(body.toByteArray(Charsets.UTF_8)) }
            val status = connection.responseCode
            for ((key, values) in connection.headerFields) {
                if (key != null && key.equals("set-cookie", ignoreCase = true)) values.forEach { cookieJar.receive(host, it) }
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
}
`;
