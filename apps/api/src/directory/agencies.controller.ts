import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { CodeParam } from '../common/params';
import { AgencyPageDto, AgencyViewDto, CsvImportResultDto } from './dto/directory-responses.dto';
import { csvBody, DIRECTORY_READERS } from './directory-http';
import { CsvImportResult, DirectoryPage, DirectoryService, DirectoryView } from './directory.service';
import { DirectoryListQuery } from './dto/directory-list.dto';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';

@ApiTags('agencies')
@ApiProtected()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly directory: DirectoryService) {}

  @Post()
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Register an agency (professional or part-time)' })
  @ApiCreatedResponse({ type: AgencyViewDto })
  @ApiErrors(400, 409)
  create(@CurrentUser() user: Principal, @Body() dto: CreateAgencyDto): Promise<DirectoryView> {
    return this.directory.create(user, 'agency', dto);
  }

  @Post('import')
  @Roles('channel_manager', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'CSV import of agencies; good rows stored, bad rows reported by line' })
  @ApiOkResponse({ type: CsvImportResultDto, description: 'good rows stored, bad rows reported by line' })
  @ApiErrors(400, 415)
  import(@CurrentUser() user: Principal, @Req() req: Request): Promise<CsvImportResult> {
    return this.directory.importCsv(user, 'agency', csvBody(req));
  }

  @Put(':code')
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Update an agency: any subset of its fields' })
  @ApiOkResponse({ type: AgencyViewDto })
  @ApiErrors(400, 404)
  update(
    @CurrentUser() user: Principal,
    @Param() { code }: CodeParam,
    @Body() dto: UpdateAgencyDto,
  ): Promise<DirectoryView> {
    return this.directory.update(user, 'agency', code, dto);
  }

  @Get()
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'Agencies in the caller scope by code, filtered and paged' })
  @ApiOkResponse({ type: AgencyPageDto })
  @ApiErrors(400)
  list(@CurrentUser() user: Principal, @Query() q: DirectoryListQuery): Promise<DirectoryPage> {
    return this.directory.list(user, 'agency', q);
  }

  @Get(':code')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'An agency by code, phone in clear' })
  @ApiOkResponse({ type: AgencyViewDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: Principal, @Param() { code }: CodeParam): Promise<DirectoryView> {
    return this.directory.get(user, 'agency', code);
  }
}
