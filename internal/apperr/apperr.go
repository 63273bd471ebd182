// Package apperr is Bina Pustaka's one way to fail: an error with a code that
// maps to an HTTP status, a message key the web and API layers translate, and
// optional problems keyed by field or by file line and column.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error. The web layer maps each code to one HTTP status.
type Code string

const (
	Invalid      Code = "invalid"      // the input is wrong; Problems say where
	NotFound     Code = "not_found"    // no such object, or not in the actor's library
	Conflict     Code = "conflict"     // a unique value is taken, or the state forbids it
	Unauthorized Code = "unauthorized" // not logged in, or bad credentials
	Forbidden    Code = "forbidden"    // logged in but the role does not allow it
	Locked       Code = "locked"       // account locked after repeated failed logins
	RateLimited  Code = "rate_limited" // too many attempts from one address
	TooLarge     Code = "too_large"    // request body or upload over the limit
	Internal     Code = "internal"     // a bug or an outage; details are logged, never shown
)

// Args fill the placeholders of a translated message.
type Args map[string]any

// Problem is one thing wrong with the input: a form field, or a cell of an
// imported file (Line and Column set).
type Problem struct {
	Field  string `json:"field,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column string `json:"column,omitempty"`
	Key    string `json:"key"`
	Args   Args   `json:"args,omitempty"`
}

// Error is the error type every service returns for expected failures.
type Error struct {
	Code     Code
	Key      string // i18n message id, e.g. "error.not_found"
	Args     Args
	Problems []Problem
	Err      error // internal cause, logged but never shown
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %s", e.Code, e.Key)
	if len(e.Problems) > 0 {
		p := e.Problems[0]
		msg += fmt.Sprintf(" (%s", p.Key)
		if p.Field != "" {
			msg += " field=" + p.Field
		}
		if p.Line > 0 {
			msg += fmt.Sprintf(" line=%d column=%s", p.Line, p.Column)
		}
		msg += ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error with a code and a message key.
func New(code Code, key string, args Args) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// NotFoundf is the usual not-found error for a kind of object ("staff", "library" …).
func NotFoundError(kind string) *Error {
	return &Error{Code: NotFound, Key: "error.not_found", Args: Args{"Kind": kind}}
}

// ForbiddenError says the actor's role does not allow the action.
func ForbiddenError() *Error { return &Error{Code: Forbidden, Key: "error.forbidden"} }

// InternalError wraps an unexpected failure.
func InternalError(err error) *Error {
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// Validation collects field problems; Err returns nil when there are none.
type Validation struct{ Problems []Problem }

// Add records a problem with a form field.
func (v *Validation) Add(field, key string, args Args) {
	v.Problems = append(v.Problems, Problem{Field: field, Key: key, Args: args})
}

// AddCell records a problem with a cell of an imported file.
func (v *Validation) AddCell(line int, column, key string, args Args) {
	v.Problems = append(v.Problems, Problem{Line: line, Column: column, Key: key, Args: args})
}

// Err is nil when nothing was added, else an Invalid error carrying the problems.
func (v *Validation) Err() error {
	if len(v.Problems) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.invalid", Problems: v.Problems}
}

// CodeOf returns the code of err, Internal for foreign errors and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as *Error, wrapping foreign errors as Internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return InternalError(err)
}
