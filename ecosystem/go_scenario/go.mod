// The Go scenario (cargo xtask ecosystem): a program on the client openapi-generator writes with
// the README's command; xtask points the replace directive at the generated module.
module bluetape.example/scenario

go 1.23

require github.com/bluetape/bluetape-go/bluetape v0.0.0

replace github.com/bluetape/bluetape-go/bluetape => ../../target/ecosystem/go
