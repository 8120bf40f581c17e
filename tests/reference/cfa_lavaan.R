# Reference values for tests/test_measurement.py: lavaan ML fits of cfa_lavaan.csv (600 rows,
# fixed-seed simulation written by tests/reference/cfa_lavaan_data.py; both are committed).
# Run from the repository root: Rscript tests/reference/cfa_lavaan.R
suppressPackageStartupMessages({library(lavaan); library(jsonlite)})
x <- read.csv("tests/reference/cfa_lavaan.csv")
spec <- list(a = c("a1", "a2", "a3"), b = c("b1", "b2", "b3", "b4"), c = c("c1", "c2", "c3"))
k_model <- paste(sapply(names(spec), function(f) paste(f, "=~", paste(spec[[f]], collapse = " + "))),
                 collapse = "\n")
one_model <- paste("g =~", paste(unlist(spec), collapse = " + "))
fk <- cfa(k_model, data = x, estimator = "ML")
f1 <- cfa(one_model, data = x, estimator = "ML")
fm <- function(fit) {
  m <- fitMeasures(fit, c("chisq", "df", "npar", "logl", "aic", "bic", "rmsea",
                          "rmsea.ci.lower", "rmsea.ci.upper", "cfi", "tli", "srmr"))
  as.list(unclass(m))
}
pe <- parameterEstimates(fk, standardized = TRUE)
ld <- pe[pe$op == "=~", ]
loadings <- data.frame(construct = ld$lhs, item = ld$rhs, loading = ld$est, std = ld$std.all)
# AVE and CR (= omega of a congeneric factor) from lavaan's standardized loadings
validity <- do.call(rbind, lapply(names(spec), function(f) {
  l <- ld$std.all[ld$lhs == f]
  data.frame(construct = f, ave = mean(l^2), cr = sum(l)^2 / (sum(l)^2 + sum(1 - l^2)))
}))
# omega per construct (semTools-style, from a one-factor model's unstandardized estimates):
# (sum lambda)^2 psi / ((sum lambda)^2 psi + sum theta)
omega <- sapply(names(spec), function(f) {
  fit <- cfa(paste(f, "=~", paste(spec[[f]], collapse = " + ")), data = x, estimator = "ML")
  p <- parameterEstimates(fit)
  lam <- p$est[p$op == "=~"]
  psi <- p$est[p$op == "~~" & p$lhs == f & p$rhs == f]
  th <- p$est[p$op == "~~" & p$lhs %in% spec[[f]] & p$lhs == p$rhs]
  sum(lam)^2 * psi / (sum(lam)^2 * psi + sum(th))
})
# HTMT, Henseler, Ringle & Sarstedt (2015), eq. 6: mean heterotrait-heteromethod |r| over the
# geometric mean of the two mean monotrait-heteromethod |r|
R <- abs(cor(x))
mono <- function(f) { b <- R[spec[[f]], spec[[f]]]; mean(b[upper.tri(b)]) }
htmt <- list()
for (i in names(spec)) for (j in names(spec)) if (i < j)
  htmt[[paste(i, j, sep = "-")]] <- mean(R[spec[[i]], spec[[j]]]) / sqrt(mono(i) * mono(j))
out <- list(lavaan = as.character(packageVersion("lavaan")), n = nrow(x),
            k_factor = fm(fk), one_factor = fm(f1), loadings = loadings, validity = validity,
            omega = as.list(omega), htmt = htmt)
write_json(out, "tests/reference/cfa_lavaan.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
