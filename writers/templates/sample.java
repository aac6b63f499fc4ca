// {{ title }}
// Java 17, no dependency. Needs {{ API_KEY_VARIABLE }} and {{ ACCOUNT_ID_VARIABLE }}; {{ BASE_URL_VARIABLE }}
// defaults to production. Run: java {{ file }}
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

public class {{ class_name }} {
{% if body %}
    private static final String BODY = """
        {{ body }}
        """;

{% endif %}
    public static void main(String[] args) throws Exception {
        String baseUrl = System.getenv().getOrDefault("{{ BASE_URL_VARIABLE }}", "{{ PRODUCTION_URL }}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "{{ path }}"))
                .timeout(Duration.ofSeconds(30))
                .header("{{ API_KEY_HEADER }}", required("{{ API_KEY_VARIABLE }}"))
                .header("{{ ACCOUNT_ID_HEADER }}", required("{{ ACCOUNT_ID_VARIABLE }}"))
{% if body %}
                .header("Content-Type", "application/json")
                .method("{{ method }}", HttpRequest.BodyPublishers.ofString(BODY))
{% else %}
                .method("{{ method }}", HttpRequest.BodyPublishers.noBody())
{% endif %}
                .build();
        // HttpClient follows no redirect by default: the credentials go to the base URL only.
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            // The body is the API's error: {"code": "…", "reason": "…"}.
            System.err.println(response.statusCode() + " " + response.body());
            System.exit(1);
        }
        System.out.println(response.body());
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("Set " + name + ".");
        }
        return value;
    }
}
