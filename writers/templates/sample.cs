// {{ title }}
// Needs {{ API_KEY_VARIABLE }} and {{ ACCOUNT_ID_VARIABLE }}; {{ BASE_URL_VARIABLE }} defaults to production.
// Mono: mcs -r:System.Net.Http.dll {{ file }} && mono {{ file | replace(".cs", ".exe") }}; or the Main of a .NET console project.
using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

public static class {{ class_name }}
{
{% if body %}
    private const string Body = @"{{ body }}";

{% endif %}
    public static int Main()
    {
        return Run().GetAwaiter().GetResult();
    }

    private static async Task<int> Run()
    {
        var baseUrl = Environment.GetEnvironmentVariable("{{ BASE_URL_VARIABLE }}") ?? "{{ PRODUCTION_URL }}";
        // The credentials go to the base URL only: never follow a redirect with them.
        using (var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        using (var request = new HttpRequestMessage(new HttpMethod("{{ method }}"), baseUrl + "{{ path }}"))
        {
            request.Headers.Add("{{ API_KEY_HEADER }}", Required("{{ API_KEY_VARIABLE }}"));
            request.Headers.Add("{{ ACCOUNT_ID_HEADER }}", Required("{{ ACCOUNT_ID_VARIABLE }}"));
{% if body %}
            request.Content = new StringContent(Body, Encoding.UTF8, "application/json");
{% endif %}
            using (var response = await client.SendAsync(request))
            {
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    // The body is the API's error: {"code": "…", "reason": "…"}.
                    Console.Error.WriteLine((int)response.StatusCode + " " + text);
                    return 1;
                }
                Console.WriteLine(text);
                return 0;
            }
        }
    }

    private static string Required(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException("Set " + name + ".");
        }
        return value;
    }
}
