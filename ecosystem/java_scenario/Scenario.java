// The end-to-end scenario of the Java client generated from openapi/bluetape.openapi-3.0.json with
// the README's command and built with its own pom.xml, used as the README shows. Run by `cargo
// xtask ecosystem` (`java -cp <the client and its dependencies> Scenario.java`) against a fresh
// bluetape-mock (BLUETAPE_BASE_URL) and a server that redirects every request to another origin
// (BLUETAPE_REDIRECT_URL); xtask then checks what the servers received.
import com.bluetape.client.ApiClient;
import com.bluetape.client.ApiException;
import com.bluetape.client.ApiResponse;
import com.bluetape.client.api.CompanyApi;
import com.bluetape.client.api.CustomerApi;
import com.bluetape.client.model.Company;
import com.bluetape.client.model.CompanyCreated;
import com.bluetape.client.model.CreditDetails;
import com.bluetape.client.model.Customer;
import com.bluetape.client.model.CustomerCreated;
import com.bluetape.client.model.CustomerLink;
import com.bluetape.client.model.CustomerUpdate;
import com.bluetape.client.model.ErrorResponse;
import com.bluetape.client.model.SignUpDetails;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

public class Scenario {
    /** The README's snippet: the base URL, and both credentials on every request. The native
     *  HttpClient follows no redirect (its default, Redirect.NEVER). */
    static ApiClient client(String baseUrl) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(request -> request
                .header("X-BlueTape-Key", System.getenv("BLUETAPE_API_KEY"))
                .header("X-Integration-AccountId", System.getenv("BLUETAPE_ACCOUNT_ID")));
        return client;
    }

    static void check(String name, boolean ok, Object... detail) {
        if (!ok) {
            System.err.println("FAILED " + name + ": " + java.util.Arrays.toString(detail));
            System.exit(1);
        }
        System.out.println("ok " + name);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** The API's {code, reason} from the client's ApiException, read with the client's mapper. */
    static ErrorResponse apiError(ApiClient client, ApiException error) throws Exception {
        return client.getObjectMapper().readValue(error.getResponseBody(), ErrorResponse.class);
    }

    /** A call of the generated client that is expected to fail. */
    interface Call {
        void run() throws ApiException;
    }

    /** `call` must surface as ApiException with `status` and the API's code and reason. */
    static void refused(ApiClient client, int status, String reason, Call call) throws Exception {
        try {
            call.run();
            check("a " + status + " surfaces as ApiException", false);
        } catch (ApiException error) {
            ErrorResponse body = apiError(client, error);
            check("a " + status + " surfaces as ApiException with the API's code and reason",
                    error.getCode() == status && String.valueOf(status).equals(body.getCode())
                            && reason.equals(body.getReason()), error.getCode(), body);
        }
    }

    public static void main(String[] args) throws Exception {
        ApiClient client = client(System.getenv("BLUETAPE_BASE_URL"));
        CompanyApi companies = new CompanyApi(client);
        CustomerApi customers = new CustomerApi(client);
        // A date-time with its offset, as the schema's RFC 3339 says.
        OffsetDateTime when = OffsetDateTime.of(2023, 1, 4, 9, 47, 57, 477_000_000, ZoneOffset.ofHours(2));
        String companyId = unique("co"), customerId = unique("cu");

        Company company = new Company().id(companyId).businessName("Acme Inc.").businessAddress("1 Main St")
                .sourceModifiedDate(when)
                .creditDetails(new CreditDetails()
                        .creditAmount(new BigDecimal("1234567.89"))
                        .outstandingAmount(new BigDecimal("9876543210123.45"))
                        .overdueBalance(new BigDecimal("1234567890123456789012345.67")));
        ApiResponse<CompanyCreated> created = companies.createCompanyWithHttpInfo(company);
        check("createCompany answers 201", created.getStatusCode() == 201, created.getStatusCode());
        check("createCompany gives a blueTapeId", created.getData().getBlueTapeId() != null);

        Customer customer = new Customer().id(customerId).firstName("John").lastName("Doe")
                .emailAddress("john@example.com").cellPhoneNumber("+11234567890").sourceModifiedDate(when);
        ApiResponse<CustomerCreated> customerCreated = customers.createCustomerWithHttpInfo(customer);
        check("createCustomer answers 201", customerCreated.getStatusCode() == 201);
        String signUpUrl = customerCreated.getData().getSignUpUrl().toString();
        check("createCustomer gives a sign-up URL", signUpUrl.startsWith("http"), signUpUrl);

        CustomerUpdate update = new CustomerUpdate().firstName("Jane").lastName("Doe")
                .emailAddress("jane@example.com").cellPhoneNumber("+11234567890").sourceModifiedDate(when);
        check("updateCustomer answers 202",
                customers.updateCustomerWithHttpInfo(customerId, update).getStatusCode() == 202);

        int linked = companies.linkCompanyCustomerWithHttpInfo(companyId, new CustomerLink().customerId(customerId))
                .getStatusCode();
        check("linkCompanyCustomer answers 200 or 201", linked == 200 || linked == 201, linked);

        ApiResponse<SignUpDetails> signup = customers.getCustomerSignupWithHttpInfo(customerId);
        check("getCustomerSignup answers 200", signup.getStatusCode() == 200);
        check("the sign-up URL is the one created", signup.getData().getSignUpUrl().toString().equals(signUpUrl));

        refused(client, 404, "Customer not found.", () -> customers.getCustomerSignup(unique("nobody")));
        refused(client, 409, "Company already exists.", () -> companies.createCompany(company));

        // Each call to the trap is redirected to another origin (301, 302, 303, 307, 308 in turn):
        // the client must not follow, so the credentials never leave the configured server.
        CustomerApi trap = new CustomerApi(client(System.getenv("BLUETAPE_REDIRECT_URL")));
        List<String> followed = new ArrayList<>();
        for (int status : new int[] {301, 302, 303, 307, 308}) {
            try {
                trap.getCustomerSignup("redirected");
                followed.add(status + ": followed");
            } catch (ApiException error) {
                if (error.getCode() != status) {
                    followed.add(status + ": " + error.getCode());
                }
            }
        }
        check("301, 302, 303, 307 and 308 are returned, not followed", followed.isEmpty(), followed);
    }
}
