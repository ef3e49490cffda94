package dev.slidr.rules.givt;

/** Real user agents seen in click logs, named for tests. */
public final class UserAgents {

    public static final String GOOGLEBOT =
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    public static final String GOOGLEBOT_SMARTPHONE =
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML,"
                    + " like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible;"
                    + " Googlebot/2.1; +http://www.google.com/bot.html)";
    public static final String BINGBOT =
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";
    public static final String CURL = "curl/8.5.0";
    public static final String PYTHON_REQUESTS = "python-requests/2.31.0";
    public static final String HEADLESS_CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " HeadlessChrome/120.0.6099.109 Safari/537.36";
    public static final String WGET = "Wget/1.21.4";
    public static final String GO_HTTP_CLIENT = "Go-http-client/1.1";
    public static final String AHREFSBOT =
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)";
    public static final String SQLMAP = "sqlmap/1.7.2#stable (https://sqlmap.org)";
    public static final String EMPTY = "";

    public static final String CHROME_WINDOWS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0.0.0 Safari/537.36";
    public static final String EDGE_WINDOWS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
    public static final String SAFARI_MAC =
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like"
                    + " Gecko) Version/17.5 Safari/605.1.15";
    public static final String CHROME_ANDROID =
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0.6478.122 Mobile Safari/537.36";
    public static final String SAFARI_IPHONE =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
                    + " like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    public static final String FACEBOOK_APP_IOS =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
                    + " like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.40.106;FBBV/600000000;"
                    + "FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;"
                    + "FBLC/en_US;FBOP/5]";
    public static final String INSTAGRAM_ANDROID =
            "Mozilla/5.0 (Linux; Android 13; SM-S918B Build/TP1A.220624.014; wv)"
                    + " AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71"
                    + " Mobile Safari/537.36 Instagram 337.0.0.35.102 Android";
    public static final String PINTEREST_ANDROID_APP =
            "Pinterest for Android/12.21.0 (SM-G991B; 14)";
    public static final String SAMSUNG_BROWSER =
            "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36";
    public static final String FIREFOX_WINDOWS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0";
    public static final String OUTLOOK_IOS = "Outlook-iOS/709.2226530.prod.iphone (4.2303.0)";
    public static final String FACEBOOK_LINK_PREVIEW =
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)";
    public static final String ANDROID_APP_DALVIK =
            "Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)";

    private UserAgents() {}
}
