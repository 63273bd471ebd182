package demo

import (
	"context"
	"fmt"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

// Seeded is one demo library as written to the database: what the activity
// generators (patron voice, staff development) build on.
type Seeded struct {
	Library library.Library
	Spec    Library          // the generated description it was made from
	Points  map[string]int64 // service point ids by name
	Staff   []int64          // staff ids, in Spec.Staff order
	Users   map[string]int64 // account user ids by email
}

// Seed fills an empty database (no library yet) with the demo libraries,
// their service points, staff and accounts, and then a year of activity
// (patron voice, staff development), through the same services the app
// uses, so the demo data passes the same validation and is audited. Dates
// of the activity are relative to today, so the demo always looks current.
// It reports false and changes nothing when the database already has data.
func Seed(ctx context.Context, d *db.DB, libs *library.Service, staff *people.Service, users *auth.Service) (bool, error) {
	var n int
	if err := d.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM libraries").Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	system := &auth.Actor{Name: "sistem (demo)", Superadmin: true}
	var all []Seeded
	sa := Superadmin()
	if _, err := users.Bootstrap(ctx, auth.NewUser{Email: sa.Email, Name: sa.Name, Password: Password, Superadmin: true}); err != nil {
		return false, fmt.Errorf("demo superadmin: %w", err)
	}
	for _, dl := range Libraries() {
		l, err := libs.Create(ctx, system, library.Library{Name: dl.Name, City: dl.City, Province: dl.Province,
			TimeZone: dl.TimeZone, Population: dl.Population, Address: dl.Address})
		if err != nil {
			return false, fmt.Errorf("demo library %s: %w", dl.Name, err)
		}
		// Every demo library starts with the default competency framework.
		if _, err := (&competency.Service{DB: d}).InstallDefault(ctx, system, l.ID); err != nil {
			return false, fmt.Errorf("demo competency framework %s: %w", dl.Name, err)
		}
		sd := Seeded{Library: l, Spec: dl, Users: map[string]int64{}}
		points := map[string]int64{}
		for _, p := range dl.ServicePoints {
			sp, err := libs.CreateServicePoint(ctx, system, library.ServicePoint{LibraryID: l.ID, Name: p.Name, Kind: p.Kind})
			if err != nil {
				return false, fmt.Errorf("demo service point %s: %w", p.Name, err)
			}
			points[p.Name] = sp.ID
		}
		staffIDs := make([]int64, len(dl.Staff))
		for i, s := range dl.Staff {
			st := people.Staff{LibraryID: l.ID, NIP: s.NIP, Name: s.Name, EmploymentStatus: s.EmploymentStatus,
				Position: s.Position, Level: s.Level, Grade: s.Grade, Education: s.Education, Email: s.Email, Active: true}
			if id, ok := points[s.ServicePoint]; ok {
				st.ServicePointID = &id
			}
			created, err := staff.Create(ctx, system, st)
			if err != nil {
				return false, fmt.Errorf("demo staff %s (%s): %w", s.Name, dl.City, describe(err))
			}
			staffIDs[i] = created.ID
		}
		for _, a := range dl.Accounts {
			nu := auth.NewUser{Email: a.Email, Name: a.Name, Password: Password, LibraryID: l.ID, Role: auth.Role(a.Role)}
			if a.StaffIndex >= 0 {
				nu.StaffID = &staffIDs[a.StaffIndex]
			}
			u, err := users.Bootstrap(ctx, nu)
			if err != nil {
				return false, fmt.Errorf("demo account %s: %w", a.Email, err)
			}
			sd.Users[a.Email] = u.ID
		}
		sd.Points, sd.Staff = points, staffIDs
		all = append(all, sd)
	}
	if err := seedVoice(ctx, d, system, all); err != nil {
		return false, fmt.Errorf("demo patron voice: %w", err)
	}
	if err := seedDevelopment(ctx, d, system, users, all); err != nil {
		return false, fmt.Errorf("demo staff development: %w", err)
	}
	return true, nil
}

func describe(err error) error {
	e := apperr.As(err)
	if len(e.Problems) > 0 {
		return fmt.Errorf("%w: %s %s", err, e.Problems[0].Field, e.Problems[0].Key)
	}
	return err
}
