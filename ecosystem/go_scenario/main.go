// The end-to-end scenario of the Go client generated from openapi/bluetape.openapi-3.0.json with
// the README's command, used as the README shows. Run by `cargo xtask ecosystem` against a fresh
// bluetape-mock (BLUETAPE_BASE_URL) and a server that redirects every request to another origin
// (BLUETAPE_REDIRECT_URL); xtask then checks what the servers received.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	bluetape "github.com/bluetape/bluetape-go/bluetape"
)

// client is the README's snippet: the base URL, and both credentials through the generator's
// API keys, one per security scheme of the document.
func client(baseURL string) (*bluetape.APIClient, context.Context) {
	cfg := bluetape.NewConfiguration()
	cfg.Servers = bluetape.ServerConfigurations{{URL: baseURL}}
	ctx := context.WithValue(context.Background(), bluetape.ContextAPIKeys, map[string]bluetape.APIKey{
		"blueTapeKey":          {Key: os.Getenv("BLUETAPE_API_KEY")},
		"integrationAccountId": {Key: os.Getenv("BLUETAPE_ACCOUNT_ID")},
	})
	return bluetape.NewAPIClient(cfg), ctx
}

func check(name string, ok bool, detail ...any) {
	if !ok {
		fmt.Fprintf(os.Stderr, "FAILED %s: %v\n", name, detail)
		os.Exit(1)
	}
	fmt.Println("ok", name)
}

// apiError is the API's {code, reason}, read from the client's own error type.
func apiError(err error) (string, string, bool) {
	var openAPIError *bluetape.GenericOpenAPIError
	if !errors.As(err, &openAPIError) {
		return "", "", false
	}
	model, ok := openAPIError.Model().(bluetape.ErrorResponse)
	if !ok {
		return "", "", false
	}
	return model.Code, model.Reason, true
}

func unique(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
}

func main() {
	api, ctx := client(os.Getenv("BLUETAPE_BASE_URL"))
	// A date-time with its offset, as the schema's RFC 3339 says.
	when := time.Date(2023, 1, 4, 9, 47, 57, 477000000, time.FixedZone("UTC+2", 2*60*60))
	companyID, customerID := unique("co"), unique("cu")

	// The amounts as json.Number (the README's type mapping): their digits, exactly.
	credit := bluetape.NewCreditDetails()
	credit.SetCreditAmount(json.Number("1234567.89"))
	credit.SetOutstandingAmount(json.Number("9876543210123.45"))
	credit.SetOverdueBalance(json.Number("1234567890123456789012345.67"))
	company := bluetape.NewCompany(companyID, "Acme Inc.", "1 Main St", when)
	company.SetCreditDetails(*credit)
	created, response, err := api.CompanyAPI.CreateCompany(ctx).Company(*company).Execute()
	check("createCompany answers 201", err == nil && response.StatusCode == 201, err)
	check("createCompany gives a blueTapeId", created.GetBlueTapeId() != "")

	customer := bluetape.NewCustomer(customerID, "John", "Doe", "john@example.com", "+11234567890", when)
	customerCreated, response, err := api.CustomerAPI.CreateCustomer(ctx).Customer(*customer).Execute()
	check("createCustomer answers 201", err == nil && response.StatusCode == 201, err)
	check("createCustomer gives a sign-up URL", strings.HasPrefix(customerCreated.GetSignUpUrl(), "http"))

	update := bluetape.NewCustomerUpdate("Jane", "Doe", "jane@example.com", "+11234567890", when)
	_, response, err = api.CustomerAPI.UpdateCustomer(ctx, customerID).CustomerUpdate(*update).Execute()
	check("updateCustomer answers 202", err == nil && response.StatusCode == 202, err)

	link := bluetape.NewCustomerLink(customerID)
	_, response, err = api.CompanyAPI.LinkCompanyCustomer(ctx, companyID).CustomerLink(*link).Execute()
	check("linkCompanyCustomer answers 200 or 201", err == nil && (response.StatusCode == 200 || response.StatusCode == 201), err)

	signup, response, err := api.CustomerAPI.GetCustomerSignup(ctx, customerID).Execute()
	check("getCustomerSignup answers 200", err == nil && response.StatusCode == 200, err)
	check("the sign-up URL is the one created", signup.GetSignUpUrl() == customerCreated.GetSignUpUrl())

	_, response, err = api.CustomerAPI.GetCustomerSignup(ctx, unique("nobody")).Execute()
	code, reason, ok := apiError(err)
	check("a 404 surfaces as GenericOpenAPIError with the API's code and reason",
		ok && response.StatusCode == 404 && code == "404" && reason == "Customer not found.", code, reason, err)

	_, response, err = api.CompanyAPI.CreateCompany(ctx).Company(*company).Execute()
	code, reason, ok = apiError(err)
	check("a 409 surfaces as GenericOpenAPIError with the API's code and reason",
		ok && response.StatusCode == 409 && code == "409" && reason == "Company already exists.", code, reason, err)

	// Each call to the trap is redirected to another origin (301, 302, 303, 307, 308 in turn):
	// the client must not follow, so the credentials never leave the configured server.
	// Every status is tried before the verdict, so that the trap sees them all.
	trap, trapCtx := client(os.Getenv("BLUETAPE_REDIRECT_URL"))
	followed := []string{}
	for _, status := range []int{301, 302, 303, 307, 308} {
		_, response, err := trap.CustomerAPI.GetCustomerSignup(trapCtx, "redirected").Execute()
		if err == nil || response == nil || response.StatusCode != status {
			followed = append(followed, fmt.Sprintf("%d: %v", status, err))
		}
	}
	check("301, 302, 303, 307 and 308 are returned, not followed", len(followed) == 0, followed)
}
