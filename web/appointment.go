package web

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
)

// visitActions agree the visit: the team offers up to three times, the
// family picks one, either side asks for others, a missed visit is recorded.
var visitActions = []caseAction{
	{"propose-visit", nil, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		slots, err := proposedSlots(f)
		if err != nil {
			return nil, err
		}
		return svc.ProposeVisit(ctx, a, id, req, slots)
	}, ltc.Text{Zh: "已提出上门时间，等待家属选择", En: "the times are offered; the family chooses one"}},
	{"choose-visit", []string{"slot", "present"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		slot, err := strconv.Atoi(f.get("slot"))
		if err != nil {
			return nil, invalidField("choose-visit.slot", "请选择一个时间", "choose a time")
		}
		return svc.ChooseVisit(ctx, a, id, req, slot, f.get("present"))
	}, ltc.Text{Zh: "上门时间已约定，前一天会短信提醒", En: "the visit is agreed; a reminder comes the day before"}},
	{"move-visit", []string{"reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.MoveVisit(ctx, a, id, req, f.get("reason"))
	}, ltc.Text{Zh: "已申请改约，将重新提出时间", En: "other times will be offered"}},
	{"missed-visit", []string{"absent", "reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.RecordMissedVisit(ctx, a, id, req, f.get("absent"), f.get("reason"))
	}, ltc.Text{Zh: "已登记未能上门", En: "the missed visit is recorded"}},
}

// visitSlotsOffered is how many times the proposal form offers.
const visitSlotsOffered = 3

// SlotRows numbers the rows of the proposal form.
func (p *page) SlotRows() []int {
	rows := make([]int, visitSlotsOffered)
	for i := range rows {
		rows[i] = i + 1
	}
	return rows
}

// proposedSlots reads the filled rows of the proposal form, Beijing time; a
// row half filled is an error beside it, not a row ignored.
func proposedSlots(f actionForm) ([]activities.Slot, error) {
	var slots []activities.Slot
	var fields []ltc.FieldError
	for i := 1; i <= visitSlotsOffered; i++ {
		day, from, to := f.get(fmt.Sprint("date", i)), f.get(fmt.Sprint("start", i)), f.get(fmt.Sprint("end", i))
		if day == "" && from == "" && to == "" {
			continue
		}
		start, errStart := time.ParseInLocation("2006-01-02 15:04", day+" "+from, ltc.China)
		end, errEnd := time.ParseInLocation("2006-01-02 15:04", day+" "+to, ltc.China)
		if errStart != nil || errEnd != nil || !end.After(start) {
			fields = append(fields, ltc.FieldError{Field: fmt.Sprint(f.name, ".date", i),
				Message: ltc.Text{Zh: "请填写日期和开始、结束时间，结束晚于开始", En: "give the day, a start and a later end"}})
			continue
		}
		slots = append(slots, activities.Slot{Start: start, End: end})
	}
	if len(fields) > 0 {
		return nil, ltc.Invalid(fields)
	}
	if len(slots) == 0 {
		return nil, invalidField(f.name+".date1", "请至少提出一个上门时间", "offer at least one time")
	}
	return slots, nil
}
