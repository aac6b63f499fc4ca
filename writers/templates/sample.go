// {{ title }}
// Standard library only. Needs {{ API_KEY_VARIABLE }} and {{ ACCOUNT_ID_VARIABLE }}; {{ BASE_URL_VARIABLE }}
// defaults to production. Run: go run {{ file }}
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
{% if body %}
	"strings"
{% endif %}
	"time"
)

{% if body %}
const body = `{{ body }}`

{% endif %}
func main() {
	baseURL := os.Getenv("{{ BASE_URL_VARIABLE }}")
	if baseURL == "" {
		baseURL = "{{ PRODUCTION_URL }}"
	}
	request, err := http.NewRequest("{{ method }}", baseURL+"{{ path }}", {% if body %}strings.NewReader(body){% else %}nil{% endif %})
	check(err)
	request.Header.Set("{{ API_KEY_HEADER }}", required("{{ API_KEY_VARIABLE }}"))
	request.Header.Set("{{ ACCOUNT_ID_HEADER }}", required("{{ ACCOUNT_ID_VARIABLE }}"))
{% if body %}
	request.Header.Set("Content-Type", "application/json")
{% endif %}
	client := &http.Client{
		Timeout: 30 * time.Second,
		// The credentials go to the base URL only: never follow a redirect with them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	response, err := client.Do(request)
	check(err)
	defer response.Body.Close()
	reply, err := io.ReadAll(response.Body)
	check(err)
	if response.StatusCode >= 300 {
		// The body is the API's error: {"code": "…", "reason": "…"}.
		fmt.Fprintf(os.Stderr, "%d %s\n", response.StatusCode, reply)
		os.Exit(1)
	}
	fmt.Println(string(reply))
}

func required(name string) string {
	value := os.Getenv(name)
	if value == "" {
		fmt.Fprintf(os.Stderr, "Set %s.\n", name)
		os.Exit(2)
	}
	return value
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
