// Drives the generated Kotlin AuthBasic client (fixture 17) against a live sandbox, and the runtime's
// cookie jar, models and JSON codec on their own. Prints one "RESULT key=value" line per observation;
// the test reads them. Usage: AuthBasicMainKt <httpApiUrl> <httpsApiUrl> <username> <emulatorApiUrl>
package blocks.fixtures.main

import blocks.fixtures.f17.AuthStateName
import blocks.fixtures.f17.Blocks
import blocks.fixtures.f17.BlocksException
import blocks.fixtures.f17.Cookie
import blocks.fixtures.f17.CookieJar
import blocks.fixtures.f17.CookieStore
import blocks.fixtures.f17.ErrorNames
import blocks.fixtures.f17.Json
import blocks.fixtures.f17.SetAuthStateInput
import blocks.fixtures.f17.isBlocksError
import java.net.URL
import kotlinx.coroutines.runBlocking

fun report(key: String, value: Any?) = println("RESULT " + key + "=" + value)

suspend fun errorName(block: suspend () -> Unit): String = try {
    block()
    "none"
} catch (e: BlocksException) {
    (e.name ?: "unnamed") + "/" + e.code + "/" + e.isBlocksError(ErrorNames.SessionExpiredException)
}

/**
 * The whole session flow through the suspend API (plus one blocking call), reported under prefix.
 * With a store, cookies are kept in it (as the docs' Android example does) and an app restarted on
 * the same store is still signed in.
 */
fun session(url: String, user: String, prefix: String, store: CookieStore? = null) = runBlocking {
    val password = "correct-horse-42"
    val api = URL(url)
    val blocks = if (store == null) Blocks(url) else Blocks(url, CookieJar(store))
    val r = { key: String, value: Any? -> report(prefix + "." + key, value) }

    r("signUp", blocks.authApi.setAuthState(SetAuthStateInput.SignUp(username = user, password = password)).state)
    r("cookieSecure", blocks.client.cookieJar.cookies().firstOrNull { it.name.startsWith("auth_") }?.secure)
    blocks.authApi.setAuthState(SetAuthStateInput.SignOut())
    r("afterSignOutCookie", blocks.client.cookieJar.header(api))
    val signIn = blocks.authApi.setAuthState(SetAuthStateInput.SignIn(username = user, password = password))
    r("signIn", signIn.state)
    r("signedIn", signIn.state == AuthStateName.SignedIn)
    r("signedInUser", signIn.user?.username)
    r("profile", blocks.api.getProfile().username)
    r("blockingProfile", blocks.blocking.api.getProfile().username)
    if (store != null) r("restartedProfile", Blocks(url, CookieJar(store)).api.getProfile().username)
    r("getAuthState", blocks.authApi.getAuthState().state)
    // The session cookie (a device cookie, D-14, stays after sign-out on purpose).
    val copied = blocks.client.cookieJar.cookies().first { it.name.startsWith("auth_") && !it.name.endsWith("_device") }
    r("cookieName", copied.name)
    r("cookieToString", copied.toString().contains(copied.value))
    blocks.authApi.setAuthState(SetAuthStateInput.SignOut())
    r("cookieAfterSignOut", blocks.client.cookieJar.cookies().firstOrNull { it.name == copied.name }?.value)
    r("afterSignOut", errorName { blocks.api.getProfile() })
    val thief = Blocks(url)
    thief.client.cookieJar.put(copied)
    r("copiedCookie", errorName { thief.api.getProfile() })
    val wrong = blocks.authApi.setAuthState(SetAuthStateInput.SignIn(username = user, password = "wrong-password-9"))
    r("wrongPasswordState", wrong.state)
    r("wrongPasswordError", wrong.errorName)
}

/** A CookieStore as an app would write one over its own storage: here a list kept by the test. */
class ListStore : CookieStore {
    var saved: List<Cookie> = emptyList()
    var saves = 0
    override fun load(): List<Cookie> = saved
    override fun save(cookies: List<Cookie>) {
        saved = cookies
        saves++
    }
}

fun jar() {
    var now = 1000000L
    val store = ListStore()
    val jar = CookieJar(store) { now }
    val site = URL("http://h.test/aws-blocks/api")
    jar.receive(site, "a=b; Max-Age=10; Path=/; HttpOnly")
    report("jar.live", jar.get(site, "a"))
    report("jar.otherHost", jar.header(URL("http://other.test/")))
    report("jar.otherPort", jar.get(URL("http://h.test:8080/x"), "a"))
    now += 11000
    report("jar.expired", jar.get(site, "a"))
    jar.receive(site, "c=d")
    jar.receive(site, "c=; Max-Age=0")
    report("jar.maxAgeZero", jar.get(site, "c"))
    jar.receive(site, "e=f; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    report("jar.expiresPast", jar.get(site, "e"))
    jar.receive(site, "m=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    report("jar.maxAgeBeforeExpires", jar.get(site, "m"))
    jar.receive(site, "s=t; Secure")
    report("jar.secureOverHttp", jar.get(site, "s"))
    report("jar.secureOverHttps", jar.get(URL("https://h.test/aws-blocks/api"), "s"))
    jar.receive(site, "p=1; Path=/aws-blocks/api")
    report("jar.pathInside", jar.get(URL("http://h.test/aws-blocks/api/x"), "p"))
    report("jar.pathSibling", jar.get(URL("http://h.test/aws-blocks/apix"), "p"))
    jar.receive(URL("http://h.test/a/b/c"), "q=1")
    report("jar.defaultPath", jar.get(URL("http://h.test/a/b/d"), "q"))
    report("jar.defaultPathAbove", jar.get(URL("http://h.test/a"), "q"))
    jar.receive(URL("http://api.h.test/"), "d=1; Domain=.h.test")
    report("jar.domainSibling", jar.get(URL("http://www.h.test/"), "d"))
    jar.receive(URL("http://api.h.test/"), "ho=1")
    report("jar.hostOnlySibling", jar.get(URL("http://www.h.test/"), "ho"))
    jar.receive(site, "x=1; Domain=evil.test")
    report("jar.foreignDomain", jar.get(URL("http://evil.test/"), "x"))
    report("jar.header", jar.header(URL("http://h.test/aws-blocks/api/x")))
    report("jar.persisted", CookieJar(store) { now }.get(site, "m"))
    report("jar.saved", store.saves > 0)
    jar.clear()
    report("jar.cleared", store.saved.size)
}

fun main(args: Array<String>) {
    session(args[0], args[2], "http")
    session(args[1], args[2] + "_tls", "https")
    session(args[3], args[2] + "_emu", "emulator", ListStore())
    jar()
    val signIn = SetAuthStateInput.SignIn(username = "u", password = "hunter2-secret")
    report("redacted", !signIn.toString().contains("hunter2") && signIn.toString().contains("username=u"))
    val unknown = AuthStateName.fromJson("brandNewState")
    report("unknownEnum", (unknown is AuthStateName.Unknown).toString() + "/" + unknown.wire)
    report("knownEnum", AuthStateName.fromJson("signedIn") === AuthStateName.SignedIn)
    report("badUrl", try { Blocks("localhost:3001"); "accepted" } catch (e: IllegalArgumentException) { "rejected" })
    val text = "{\"a\":[1,2.5,\"x\\\"\\u00e9\\n\",true,null],\"b\":{}}"
    report("jsonRoundTrip", Json.stringify(Json.parse(text)))
}
