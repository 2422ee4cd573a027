# The ltc binary: serve, worker, migrate, seed, score, token.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=docker
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /ltc ./cmd/ltc

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /ltc /ltc
ENTRYPOINT ["/ltc"]
CMD ["serve"]
