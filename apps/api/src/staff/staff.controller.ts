import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UserIdParam } from '../common/params';
import { StaffMemberDto } from './dto/staff-member.dto';
import { StaffDto } from './dto/staff.dto';
import { StaffMember, StaffService } from './staff.service';

/** The staff directory (the routing table of escalations). */
@ApiTags('staff')
@ApiProtected()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Roles('admin', 'compliance', 'team_leader')
  @ApiOperation({ summary: 'Every staff member, by user id' })
  @ApiOkResponse({ type: [StaffMemberDto] })
  list(): Promise<StaffMember[]> {
    return this.staff.list();
  }

  @Put(':userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Add or update a staff member' })
  @ApiOkResponse({ type: StaffMemberDto })
  @ApiErrors(400)
  put(@CurrentUser() u: Principal, @Param() { userId }: UserIdParam, @Body() dto: StaffDto): Promise<StaffMember> {
    return this.staff.put(u, userId, dto);
  }
}
